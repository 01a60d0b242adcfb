Feature: Authorization codes are single-use
  RFC 6749 §4.1.2 and §10.5; RFC 9700 §4.2.4; MedMij core.tknint.203/204:
  a code is presented once; a second presentation is refused.

  @rule:token-code-single-use @rfc6749-4.1.2 @rfc9700-4.2.4 @medmij-core.tknint.203 @must @token @profile:any @browser
  Scenario: A reused authorization code is refused with invalid_grant
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client redeems the same authorization code a second time
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  @rule:token-code-reuse-revokes @rfc6749-4.1.2 @rfc9700-4.2.4 @medmij-core.tknint.204 @should @token @profile:any @browser
  Scenario: The tokens issued from a reused authorization code are revoked
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client redeems the same authorization code a second time
    And the client requests the resource with the access token in the Authorization header
    Then the resource endpoint answers with HTTP 401
