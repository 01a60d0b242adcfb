Feature: Probe of the token interface for the hostile-server tests
  The RFC0015 rule of features/token/error-responses.feature, alone, so the
  hostile-server tests know exactly which scenario meets each misbehaviour.

  @rule:token-error-rfc0015 @rfc6749-5.2 @medmij-rfc0015 @must @token @profile:any
  Scenario: A token request with an invalid code is refused with invalid_grant, never access_denied
    When the primary client redeems an authorization code that the server never issued
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"
    And the error is an RFC 6749 §5.2 code and not access_denied
