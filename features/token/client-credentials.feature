Feature: Tokens for a client acting for itself
  RFC 6749 §4.4; seed 003. Where the target offers the client_credentials
  grant (grant_types_supported in its metadata), a client gets a token for
  itself, and no refresh token: it can simply ask again.

  @rule:token-cc-no-refresh-token @rfc6749-4.4.3 @seed-003 @should @token @profile:any
  Scenario: A client_credentials token comes without a refresh token
    When the second client requests a token for itself with the client_credentials grant
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response holds no refresh token
