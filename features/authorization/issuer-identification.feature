Feature: Every authorization response names the issuer
  RFC 9207 §2 and §3: a server whose metadata sets
  authorization_response_iss_parameter_supported puts iss, equal to its
  issuer, in every authorization response, errors included, so that a client
  talking to several servers cannot be tricked into a mix-up.

  @rule:authz-iss-parameter @rfc9207-2 @rfc9207-3 @must @authorization @profile:any
  Scenario Outline: The error response to a request with <case> carries iss equal to the issuer, whatever its error code
    RFC 9207 §2: "In authorization responses to the client, including error responses, an
    authorization server supporting this specification MUST indicate its identity by including the
    iss parameter in the response."
    Given the metadata announces the iss parameter in authorization responses
    And the primary client starts an authorization request
    And the request's <parameter> parameter is <change>
    When the authorization request is sent
    Then the client is sent back with an error
    And the redirect carries the issuer in iss

    Examples:
      | case                     | parameter     | change           |
      | an unknown response_type | response_type | "toets"          |
      | an unknown scope         | scope         | an unknown scope |

  @rule:authz-iss-parameter @rfc9207-2 @must @authorization @profile:any @browser
  Scenario: The response that carries the code carries iss equal to the issuer
    RFC 9207 §2: "In authorization responses to the client, including error responses, an
    authorization server supporting this specification MUST indicate its identity by including the
    iss parameter in the response."
    Given the metadata announces the iss parameter in authorization responses
    And the user with data has authorized the primary client
    Then the redirect carries the issuer in iss
