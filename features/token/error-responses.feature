Feature: Token-interface errors speak RFC 6749 §5.2
  RFC 6749 §5.2; MedMij RFC0015 (seed 002): the token interface answers every
  exception with one of the §5.2 error codes. access_denied belongs to the
  authorization interface and is never an answer of the token interface.

  @rule:token-error-rfc0015 @rfc6749-5.2 @medmij-rfc0015 @seed-002 @must @token @profile:any
  Scenario: A token request with an invalid code is refused with invalid_grant, never access_denied
    When the primary client redeems an authorization code that the server never issued
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"
    And the error is an RFC 6749 §5.2 code and not access_denied
