Feature: Client credentials in the request URI do not authenticate a client
  RFC 6749 §2.3.1: client credentials "MUST NOT be included in the request
  URI"; seed 003 (ACM) treats the client secret as strictly confidential.
  The MUST binds the client. What it asks of a server is that it does not
  honour such a request: a URL ends up in access logs, proxies and browser
  histories, and a server that authenticates a client by it teaches clients
  to send their secret there. Refusing the request (invalid_request) and
  never reading the URI (invalid_client: no client authentication) both
  pass. toets sends the client's real secret in the URI, once, so that a
  server that honours it really issues tokens; reports redact it.

  @rule:token-no-secret-in-query @rfc6749-2.3.1 @seed-003 @should @token @profile:any @browser
  Scenario: A token request authenticated only by client_id and client_secret in the request URI gets no tokens
    RFC 6749 §2.3.1: "The parameters can only be transmitted in the request-body and MUST NOT be
    included in the request URI." [binds the client; that the server does not honour credentials
    sent there is toets's reading: SHOULD]
    Given the user with data has authorized the primary client
    When the client redeems the authorization code with its client_id and client_secret only in the request URI
    Then the token endpoint does not answer with tokens
