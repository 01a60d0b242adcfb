Feature: Client authentication at the token endpoint
  RFC 6749 §2.3.1 and §3.2.1; seed 003 (ACM). A client authenticates with
  the method the target file declares for it. With client_secret_basic the
  id and secret are form-encoded before the Basic encoding, so a secret with
  reserved characters still works. A refusal about the grant (invalid_grant
  for a code the server never issued) shows the client itself was accepted.

  @rule:token-client-secret-basic @rfc6749-2.3.1 @seed-003 @must @token @profile:any
  Scenario: A client_secret_basic client is authenticated, its credentials form-encoded before the Basic encoding
    RFC 6749 §2.3.1: "The authorization server MUST support the HTTP Basic authentication scheme for
    authenticating clients that were issued a client password. … The client identifier is encoded
    using the "application/x-www-form-urlencoded" encoding algorithm per Appendix B, and the encoded
    value is used as the username; the client password is encoded using the same algorithm and used
    as the password."
    Given the primary client authenticates with client_secret_basic
    When the primary client redeems an authorization code that the server never issued
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  # A MAY: the rule applies where the server has taken the method up, by
  # listing it in token_endpoint_auth_methods_supported or by registering
  # a client for it (the target file declares that client).
  @rule:token-client-secret-post @rfc6749-2.3.1 @seed-003 @must @token @profile:any
  Scenario: A client_secret_post client is authenticated by the credentials in the body
    RFC 6749 §2.3.1: "Alternatively, the authorization server MAY support including the client
    credentials in the request-body using the following parameters" [a MAY; a server that lists
    client_secret_post or registers a client for it has promised it: toets reads this as MUST]
    When a client that authenticates with client_secret_post redeems an authorization code that the server never issued
    Then the token endpoint refuses the grant, not the client_secret_post client

  @rule:token-client-auth-required @rfc6749-3.2.1 @rfc6749-6 @seed-001 @must @token @profile:any @browser
  Scenario: A refresh without client authentication is refused with invalid_client
    RFC 6749 §6: "The authorization server MUST: require client authentication for confidential
    clients or for any client that was issued client credentials (or with other authentication
    requirements)"
    RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following: …
    invalid_client Client authentication failed (e.g., unknown client, no client authentication
    included, or unsupported authentication method)."
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client refreshes the access token without client authentication
    Then the token endpoint answers with HTTP 400 or 401 and a JSON body
    And the error is "invalid_client"
