Feature: The revocation endpoint makes a token unusable
  RFC 7009 §2.1, §2.2: the authenticated client revokes its token, and the
  answer is 200 also for a token the server does not know (the goal, an
  unusable token, is reached). A server whose metadata names no revocation
  endpoint has none of these rules: they are reported not applicable.

  @rule:revocation-unknown-token @rfc7009-2.2 @must @token @profile:any
  Scenario: Revoking a token the server does not know is answered with 200
    RFC 7009 §2.2: "The authorization server responds with HTTP status code 200 if the token has
    been revoked successfully or if the client submitted an invalid token." [indicative; toets reads
    this as MUST]
    When the client revokes a token the server never issued
    Then the revocation endpoint answers with HTTP 200

  @rule:revocation-refresh-revokes-access @rfc7009-2.1 @medmij-rfc0054 @should @token @profile:any @browser
  Scenario: Revoking a refresh token also makes the access tokens of the same grant unusable
    RFC 7009 §2.1: "If the token passed to the request is a refresh token and the authorization
    server supports the revocation of access tokens, then the authorization server SHOULD also
    invalidate all access tokens based on the same authorization grant"
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    And the client has revoked the refresh token
    When the client requests the resource with the access token in the Authorization header
    Then the resource endpoint answers with HTTP 401
    And the response challenges with the Bearer scheme and error "invalid_token"
