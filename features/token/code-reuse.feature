Feature: Authorization codes are single-use
  RFC 6749 §4.1.2 and §10.5; RFC 9700 §4.2.4; MedMij core.tknint.203/204:
  a code is presented once; a second presentation is refused.

  @rule:token-code-single-use @rfc6749-4.1.2 @rfc9700-4.2.4 @medmij-core.tknint.203 @must @token @profile:any @browser
  Scenario: A reused authorization code is refused with invalid_grant
    RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization server MUST
    deny the request"
    MedMij afsprakenstelsel §core.tknint.204: "De Authorization Server voert een authorization code
    af, wanneer het eenmaal door een OAuth Client is aangeboden." [the AS MUST discard a code once
    it has been presented]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client redeems the same authorization code a second time
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  @rule:token-code-reuse-revokes @rfc6749-4.1.2 @rfc9700-4.2.4 @should @token @profile:any @browser
  Scenario: The tokens issued from a reused authorization code are revoked
    RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization server MUST
    deny the request and SHOULD revoke (when possible) all tokens previously issued based on that
    authorization code."
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client redeems the same authorization code a second time
    And the client requests the resource with the access token in the Authorization header
    Then the resource endpoint answers with HTTP 401
