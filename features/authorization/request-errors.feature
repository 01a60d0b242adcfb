Feature: Errors in an authorization request go back to the client at once
  RFC 6749 §3.1, §3.3, §4.1.1 and §4.1.2.1; MedMij core.authint.200 and
  core.authint.208 and the recommended mapping A3 to A5. Once the client and
  its redirect URI are known, every other error in the request is sent back to
  the client, before the person is asked to log in for a request that would
  fail anyway.

  @rule:authz-response-type @rfc6749-4.1.1 @rfc6749-4.1.2.1 @medmij-core.authint.200 @must @authorization @profile:any
  Scenario Outline: A request whose response_type is <value> is sent back with unsupported_response_type or invalid_request
    Given the primary client starts an authorization request
    And the request's response_type parameter is <value>
    When the authorization request is sent
    Then the client is sent back with the error unsupported_response_type or invalid_request
    And the redirect carries the unchanged state
    And the redirect carries no authorization code

    Examples:
      | value        |
      | missing      |
      | "toets"      |
      | "code toets" |

  @rule:authz-invalid-scope @rfc6749-3.3 @rfc6749-4.1.2.1 @medmij-core.authint.200 @must @authorization @profile:any
  Scenario Outline: A request whose scope is <scope> is sent back with invalid_scope before the user logs in
    Given the primary client starts an authorization request
    And the request's scope parameter is <scope>
    When the authorization request is sent
    Then the client is sent back with the error invalid_scope
    And the redirect carries the unchanged state

    Examples:
      | scope                                       |
      | the granted scope twice with a double space |
      | the granted scope in double quotes          |
      | the granted scope with a backslash          |
      | the granted scope with a trailing space     |
      | an unknown scope                            |

  @rule:authz-scope-required @medmij-core.authint.200 @rfc6749-3.3 @must @authorization @profile:medmij
  Scenario: A request without scope is sent back with invalid_scope before the user logs in
    Given the primary client starts an authorization request
    And the request's scope parameter is missing
    When the authorization request is sent
    Then the client is sent back with the error invalid_scope
    And the redirect carries the unchanged state

  @rule:authz-state-required @medmij-core.authint.200 @rfc6749-10.12 @must @authorization @profile:medmij
  Scenario: A request without state is sent back with invalid_request
    Given the primary client starts an authorization request
    And the request's state parameter is missing
    When the authorization request is sent
    Then the client is sent back with the error invalid_request
    And the redirect carries no authorization code

  @rule:authz-duplicate-params @rfc6749-3.1 @rfc6749-4.1.2.1 @must @authorization @profile:any
  Scenario Outline: A request that repeats <parameter> is sent back with invalid_request
    Given the primary client starts an authorization request
    And the request's <parameter> parameter is repeated
    When the authorization request is sent
    Then the client is sent back with the error invalid_request
    And the redirect carries no authorization code

    Examples:
      | parameter     |
      | response_type |
      | scope         |
      | state         |

  @rule:authz-unknown-params-ignored @rfc6749-3.1 @medmij-core.authint.200 @medmij-core.authint.208 @must @authorization @profile:any
  Scenario Outline: A request with the unrecognised parameter <parameter> is handled as if it were not there
    Given the primary client starts an authorization request
    And the request carries an unrecognised parameter <parameter>
    When the authorization request is sent
    Then the server accepts the request and asks the user to log in

    Examples:
      | parameter         |
      | toets_extra       |
      | MedMij-Request-ID |
      | X-Correlation-ID  |
