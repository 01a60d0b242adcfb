Feature: The state goes back to the client exactly as it came
  RFC 6749 §4.1.2, §4.1.2.1 and §10.12. The state is the client's defence
  against cross-site request forgery: the server returns it with every answer
  it redirects, error or success, byte for byte.

  @rule:authz-state-on-error @rfc6749-4.1.2.1 @medmij-core.authint.200 @must @authorization @profile:any
  Scenario Outline: The error response to a request with <case> carries the unchanged state, whatever its error code
    RFC 6749 §4.1.2.1: "state REQUIRED if a "state" parameter was present in the client
    authorization request. The exact value received from the client."
    Given the primary client starts an authorization request
    And the request's <parameter> parameter is <change>
    When the authorization request is sent
    Then the client is sent back with an error
    And the redirect carries the unchanged state

    Examples:
      | case                     | parameter     | change           |
      | an unknown response_type | response_type | "toets"          |
      | an unknown scope         | scope         | an unknown scope |

  @rule:authz-state-byte-for-byte @rfc6749-4.1.2.1 @rfc6749-appendix-a.5 @must @authorization @profile:any
  Scenario Outline: A state with characters that need percent-encoding (<state>) comes back byte for byte in an error response, whatever its error code
    RFC 6749 §4.1.2.1: "state REQUIRED if a "state" parameter was present in the client
    authorization request. The exact value received from the client."
    Given the primary client starts an authorization request
    And the request's state parameter is "<state>"
    And the request's response_type parameter is "toets"
    When the authorization request is sent
    Then the client is sent back with an error
    And the redirect carries the unchanged state

    Examples:
      | state          |
      | a b+c/d        |
      | x%41y&z=1      |
      | #?'<>;:@!$,~*  |

  @rule:authz-state-byte-for-byte @rfc6749-4.1.2 @rfc6749-appendix-a.5 @must @authorization @profile:any @browser
  Scenario: A state with characters that need percent-encoding comes back byte for byte with the code
    RFC 6749 §4.1.2: "state REQUIRED if the "state" parameter was present in the client
    authorization request. The exact value received from the client."
    Given the primary client starts an authorization request
    And the request's state parameter is "a b+c/d%41&e=f"
    When the user with data logs in and approves
    Then the redirect carries an authorization code
    And the redirect carries the unchanged state
