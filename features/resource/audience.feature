Feature: A token issued for one resource is refused by another resource
  RFC 8707 §2 (resource indicators) with seed 003 (ACM: an API names its
  resources, and a client names the resource it wants a token for, as an
  alternative to an audience): a token requested with a resource indicator
  is audience-restricted to that resource, and another resource of the
  same server treats it as no valid token (RFC 6750 §3.1 invalid_token, or
  403), so a token leaked at one resource cannot be replayed at another
  (RFC 9700 §2.3). The two resources are those of the target file's
  rights[] that the client and the user both hold.

  @rule:resource-audience @rfc8707-2 @rfc9700-2.3 @seed-003 @should @resource @profile:acm @browser
  Scenario: A token issued for the resource of the first right is refused at the resource of the second right
    RFC 9700 §2.3: "access tokens SHOULD be audience-restricted to a specific resource server …
    every resource server is obliged to verify, for every request, whether the access token sent
    with that request was meant to be used for that particular resource server. If it was not, the
    resource server MUST refuse to serve the respective request." [audience restriction itself is a
    SHOULD, and the MUST refuse binds only a token that is audience-restricted; toets does not yet
    read the aud of the token, so the whole rule is a SHOULD]
    Given the user with the second right has authorized the client with the second right for every right
    And the client has redeemed the authorization code for the resource of the first right only
    When the client requests the resource of the first right with the access token
    Then the resource endpoint answers with HTTP 200
    When the client requests the resource of the second right with the access token
    Then the resource endpoint refuses the token with HTTP 401 or 403
