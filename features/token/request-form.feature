Feature: The token request is a form POST
  RFC 6749 §3.2 and §4.1.3: the client uses HTTP POST, with the parameters
  in an application/x-www-form-urlencoded body. A token endpoint refuses
  anything else before it looks at the grant.

  @rule:token-post-only @rfc6749-3.2 @medmij-core.tknint.200 @must @token @profile:medmij
  Scenario: A token request sent with GET is refused for its method
    When the primary client sends a token request with GET
    Then the token endpoint refuses the method with HTTP 405, or HTTP 400 and invalid_request

  @rule:token-form-encoded @rfc6749-3.2 @rfc6749-4.1.3 @must @token @profile:any
  Scenario: A token request with a JSON body is refused with invalid_request
    When the primary client sends a token request with a JSON body
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_request"
