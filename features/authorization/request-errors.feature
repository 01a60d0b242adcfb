Feature: Errors in an authorization request go back to the client at once
  RFC 6749 §3.1, §3.3, §4.1.1 and §4.1.2.1; MedMij core.authint.200 and
  core.authint.208 and the recommended mapping A3 to A5. Once the client and
  its redirect URI are known, every other error in the request is sent back to
  the client, before the person is asked to log in for a request that would
  fail anyway.

  @rule:authz-response-type @rfc6749-4.1.1 @rfc6749-4.1.2.1 @medmij-core.authint.200 @must @authorization @profile:any
  Scenario Outline: A request whose response_type is <value> is sent back with unsupported_response_type or invalid_request
    RFC 6749 §4.1.1: "response_type REQUIRED. Value MUST be set to "code"."
    RFC 6749 §4.1.2.1: "unsupported_response_type The authorization server does not support
    obtaining an authorization code using this method."
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

  Scenario Outline: A request whose scope is <scope> is sent back with invalid_scope before the user logs in
    Given the primary client starts an authorization request
    And the request's scope parameter is <scope>
    When the authorization request is sent
    Then the client is sent back with the error invalid_scope
    And the redirect carries the unchanged state

    @rule:authz-invalid-scope @rfc6749-3.3 @rfc6749-4.1.2.1 @medmij-core.authint.200 @must @authorization @profile:medmij @profile:acm
    Examples: characters that no scope-token holds, where the profile fixes the scope
      MedMij afsprakenstelsel §core.authint.200: "De onderstaande parameters in de authorization
      request zijn verplicht en moeten als volgt gevuld worden" [the parameters below are REQUIRED
      and MUST be filled as follows: scope names the data service] RFC 6749 §4.1.2.1:
      "invalid_scope The requested scope is invalid, unknown, or malformed."

      | scope                              |
      | the granted scope in double quotes |
      | the granted scope with a backslash |

    @rule:authz-invalid-scope @rfc6749-4.1.2.1 @medmij-core.authint.200 @must @authorization @profile:medmij @profile:acm
    Examples: a scope the server does not know, where the profile demands the refusal
      MedMij afsprakenstelsel §core.authint.200: "De onderstaande parameters in de authorization
      request zijn verplicht en moeten als volgt gevuld worden" [the parameters below are REQUIRED
      and MUST be filled as follows: scope names the data service]
      RFC 6749 §4.1.2.1: "invalid_scope The requested scope is invalid, unknown, or malformed."

      | scope            |
      | an unknown scope |

  Scenario Outline: A request whose scope is <scope> is refused with invalid_scope or read leniently
    Given the primary client starts an authorization request
    And the request's scope parameter is <scope>
    When the authorization request is sent
    Then the server refuses the scope with invalid_scope or reads it leniently

    @rule:authz-scope-spacing @rfc6749-3.3 @rfc6749-4.1.2.1 @must @authorization @profile:any
    Examples: spaces a server may read leniently
      RFC 6749 §3.3: "The authorization server MAY fully or partially ignore the scope requested by
      the client" [an empty token between two spaces, or after the last, may be dropped]
      RFC 6749 §4.1.2.1: "error REQUIRED. A single ASCII [USASCII] error code from the following: …
      invalid_scope The requested scope is invalid, unknown, or malformed."

      | scope                                       |
      | the granted scope twice with a double space |
      | the granted scope with a trailing space     |

    @rule:authz-malformed-scope @rfc6749-3.3 @rfc6749-4.1.2.1 @must @authorization @profile:oauth2 @profile:oidc @profile:idporten
    Examples: characters that no scope-token holds, which a server may refuse or ignore
      RFC 6749 §3.3: "The authorization server MAY fully or partially ignore the scope requested by
      the client" RFC 6749 §4.1.2.1: "error REQUIRED. A single ASCII [USASCII] error code from the
      following: … invalid_scope The requested scope is invalid, unknown, or malformed." [refusing
      is one answer, ignoring the malformed part the other; any other error is wrong]

      | scope                              |
      | the granted scope in double quotes |
      | the granted scope with a backslash |

    @rule:authz-unknown-scope @rfc6749-3.3 @rfc6749-4.1.2.1 @oidc-core-3.1.2.1 @must @authorization @profile:oauth2 @profile:oidc @profile:idporten
    Examples: a scope the server does not know, which it may ignore
      RFC 6749 §3.3: "The authorization server MAY fully or partially ignore the scope requested by
      the client" RFC 6749 §4.1.2.1: "error REQUIRED. A single ASCII [USASCII] error code from the
      following: … invalid_scope The requested scope is invalid, unknown, or malformed."

      | scope            |
      | an unknown scope |

  @rule:authz-scope-required @medmij-core.authint.200 @rfc6749-3.3 @must @authorization @profile:medmij
  Scenario: A request without scope is sent back with invalid_scope before the user logs in
    RFC 6749 §3.3: "If the client omits the scope parameter when requesting authorization, the
    authorization server MUST either process the request using a pre-defined default value or fail
    the request indicating an invalid scope."
    MedMij afsprakenstelsel §core.authint.200: "De onderstaande parameters in de authorization
    request zijn verplicht en moeten als volgt gevuld worden" [the parameters below are REQUIRED]
    Given the primary client starts an authorization request
    And the request's scope parameter is missing
    When the authorization request is sent
    Then the client is sent back with the error invalid_scope
    And the redirect carries the unchanged state

  @rule:authz-state-required @medmij-core.authint.200 @rfc6749-10.12 @must @authorization @profile:medmij
  Scenario: A request without state is sent back with invalid_request
    MedMij afsprakenstelsel §core.authint.200: "De onderstaande parameters in de authorization
    request zijn verplicht en moeten als volgt gevuld worden" [the parameters below are REQUIRED]
    RFC 6749 §4.1.2.1: "invalid_request The request is missing a required parameter, includes an
    invalid parameter value, includes a parameter more than once, or is otherwise malformed."
    Given the primary client starts an authorization request
    And the request's state parameter is missing
    When the authorization request is sent
    Then the client is sent back with the error invalid_request
    And the redirect carries no authorization code

  @rule:authz-duplicate-params @rfc6749-3.1 @rfc6749-4.1.2.1 @should @authorization @profile:any
  Scenario Outline: A request that repeats <parameter> is sent back with invalid_request
    RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
    RFC 6749 §4.1.2.1: "invalid_request The request … includes a parameter more than once"
    [the MUST NOT binds the client that sends the request; §4.1.2.1 names the error for it, but no
    sentence makes the server refuse: toets reads the refusal as SHOULD]
    Given the primary client starts an authorization request
    And the request's <parameter> parameter is repeated
    When the authorization request is sent
    Then the server refuses the repeated parameter with invalid_request

    Examples:
      | parameter     |
      | response_type |
      | scope         |
      | state         |

  @rule:authz-unknown-params-ignored @rfc6749-3.1 @medmij-core.authint.200 @medmij-core.authint.208 @must @authorization @profile:any
  Scenario Outline: A request with the unrecognised parameter <parameter> is handled as if it were not there
    RFC 6749 §3.1: "The authorization server MUST ignore unrecognized request parameters."
    MedMij afsprakenstelsel §core.authint.200: "Conform de OAuth 2-specificatie moeten overige
    parameters die meegestuurd worden in het request genegeerd worden." [other parameters MUST be
    ignored]
    Given the primary client starts an authorization request
    And the request carries an unrecognised parameter <parameter>
    When the authorization request is sent
    Then the server accepts the request and asks the user to log in

    Examples:
      | parameter         |
      | toets_extra       |
      | MedMij-Request-ID |
      | X-Correlation-ID  |
