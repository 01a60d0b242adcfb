Feature: Client credentials never travel in the request URI
  RFC 6749 §2.3.1: client credentials "MUST NOT be included in the request
  URI"; seed 003 (ACM) treats the client secret as strictly confidential.
  A URL ends up in access logs, proxies and browser histories. toets never
  puts the real secret in a URL: the client authenticates as it always
  does, and a wrong, random client_secret is added to the query string. A
  server that refuses credentials in the URL refuses that request with
  invalid_request; one that quietly ignores them would also ignore a real
  secret sent there by a careless client.

  @rule:token-no-secret-in-query @rfc6749-2.3.1 @seed-003 @must @token @profile:any
  Scenario: A token request with a client_secret in the request URI is refused with invalid_request
    RFC 6749 §2.3.1: "The parameters can only be transmitted in the request-body and MUST NOT be
    included in the request URI."
    When the primary client redeems an authorization code that the server never issued, with a wrong client_secret in the request URI
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_request"
