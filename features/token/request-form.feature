Feature: The token request is a form POST
  RFC 6749 §3.2 and §4.1.3: the client uses HTTP POST, with the parameters
  in an application/x-www-form-urlencoded body. A token endpoint refuses
  anything else before it looks at the grant.

  @rule:token-post-only @rfc6749-3.2 @medmij-core.tknint.200 @should @token @profile:medmij
  Scenario: A token request sent with GET is refused for its method
    RFC 6749 §3.2: "The client MUST use the HTTP "POST" method when making access token requests."
    [binds the client; that the server refuses another method is toets's reading: SHOULD]
    When the primary client sends a token request with GET
    Then the token endpoint refuses the method with HTTP 405, or HTTP 400 and invalid_request

  @rule:token-form-encoded @rfc6749-3.2 @rfc6749-4.1.3 @must @token @profile:any
  Scenario: A token request with a JSON body is refused with invalid_request
    RFC 6749 §4.1.3: "The client makes a request to the token endpoint by sending the following
    parameters using the "application/x-www-form-urlencoded" format"
    RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following:
    invalid_request The request is missing a required parameter … or is otherwise malformed."
    When the primary client sends a token request with a JSON body
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_request"
