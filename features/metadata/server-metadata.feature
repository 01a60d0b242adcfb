Feature: The authorization server metadata describes the server truthfully
  RFC 8414 §2 (the members), §3 and §3.3 (the well-known location and the
  issuer check); RFC 7636 §4.2 (S256); RFC 6749 §3.3 (scope syntax);
  RFC 9700 §2.1.1 (PKCE with S256).

  @rule:metadata-issuer @rfc8414-3.3 @must @metadata @profile:any
  Scenario: The issuer in the metadata equals the URL it was fetched from without the well-known suffix
    When the client fetches the authorization server metadata
    Then the metadata issuer equals the URL it was fetched from without the well-known suffix

  @rule:metadata-required-members @rfc8414-2 @must @metadata @profile:any
  Scenario: The metadata holds every member RFC 8414 requires
    When the client fetches the authorization server metadata
    Then the metadata holds issuer, the authorization and token endpoints and response_types_supported

  @rule:metadata-https-endpoints @rfc8414-2 @rfc6749-3.1 @rfc6749-3.2 @must @metadata @profile:any
  Scenario: Every endpoint the metadata advertises is an https URL
    When the client fetches the authorization server metadata
    Then every endpoint in the metadata is an https URL

  @rule:metadata-code-response-type @rfc8414-2 @rfc6749-4.1.1 @must @metadata @profile:any
  Scenario: The metadata lists the code response type
    When the client fetches the authorization server metadata
    Then the metadata lists "code" in response_types_supported

  @rule:metadata-pkce-s256 @rfc8414-2 @rfc7636-4.2 @rfc9700-2.1.1 @must @metadata @profile:any
  Scenario: The metadata lists S256 as a code challenge method
    When the client fetches the authorization server metadata
    Then the metadata lists "S256" in code_challenge_methods_supported

  @rule:metadata-token-auth-methods @rfc8414-2 @rfc6749-2.3.1 @must @metadata @profile:any
  Scenario: The authentication method of every test client is advertised and accepted at the token endpoint
    When the client fetches the authorization server metadata
    Then every test client's authentication method is listed in token_endpoint_auth_methods_supported
    And every test client authenticates at the token endpoint with its method

  @rule:metadata-scope-syntax @rfc6749-3.3 @seed-004 @must @metadata @profile:any
  Scenario: Every scope the server advertises or grants is an RFC 6749 scope-token
    Given a client has obtained a valid access token
    When the client fetches the authorization server metadata
    Then every scope in scopes_supported and in the token response is an RFC 6749 scope-token

  @rule:metadata-oidc-discovery-issuer @oidc-discovery-4.3 @oidc-discovery-4.1 @must @metadata @profile:oidc
  Scenario: The issuer in the OpenID Provider configuration is the issuer it was fetched for
    When the client fetches the OpenID Provider configuration
    Then the configuration's issuer is the Issuer URL that was used as the prefix of the well-known path

  @rule:scope-idporten-prefixed @seed-004 @must @metadata @profile:idporten @browser
  Scenario: Every scope the server advertises or grants has ID-porten's prefix:subscope form
    Given the user with data has authorized the primary client with a PKCE challenge
    And the client has redeemed the authorization code
    When the client fetches the authorization server metadata
    Then every scope in scopes_supported and in the token response has the form prefix:subscope
