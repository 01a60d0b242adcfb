Feature: Tokens for a client acting for itself
  RFC 6749 §4.4; seed 003. Where the target offers the client_credentials
  grant (grant_types_supported in its metadata), a client gets a token for
  itself, and no refresh token: it can simply ask again. Seed 003 (ACM):
  an API's "default" scopes are requested for a client "even if the client
  does not ask for them explicitly"; the target file declares them
  (clients[].default_scopes).

  @rule:token-cc-no-refresh-token @rfc6749-4.4.3 @seed-003 @should @token @profile:any
  Scenario: A client_credentials token comes without a refresh token
    RFC 6749 §4.4.3: "If the access token request is valid and authorized, the authorization server
    issues an access token as described in Section 5.1. A refresh token SHOULD NOT be included."
    When the second client requests a token for itself with the client_credentials grant
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response holds no refresh token

  @rule:token-resource-indicator @rfc8707-2 @seed-003 @should @token @profile:acm
  Scenario: A token request for a resource the server does not know is refused with invalid_target
    RFC 8707 §2: "If the authorization server fails to parse the provided value(s) or does not
    consider the resource(s) acceptable, it should reject the request with an error response using
    the error code "invalid_target"" [lower-case should, not a BCP 14
    keyword; toets reads this as SHOULD]
    When the second client requests a token for itself for a resource the server does not know
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_target"

  # A request without scope names nothing, so the scope of the token
  # differs from the request: §5.1 makes the response's scope REQUIRED, and
  # that is where the defaults are seen.
  @rule:token-cc-default-scopes @seed-003 @rfc6749-3.3 @rfc6749-5.1 @must @token @profile:acm
  Scenario: A client_credentials request without scope gets the client's default scopes, named in the response
    RFC 6749 §3.3: "If the client omits the scope parameter when requesting authorization, the
    authorization server MUST either process the request using a pre-defined default value or fail
    the request indicating an invalid scope."
    Seed 003 (ACM, API-configuratie) §Scopes: "Default: default scopes wordt steeds aan uw API
    gevraagd, ook al vraagt de client deze niet expliciet op." [default scopes are always requested,
    even when the client does not ask for them]
    RFC 6749 §5.1: "scope OPTIONAL, if identical to the scope requested by the client; otherwise,
    REQUIRED."
    Given the second client has default scopes in the target file
    When the second client requests a token for itself with the client_credentials grant
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response's scope holds the client's default scopes
