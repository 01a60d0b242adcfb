Feature: The authorization server metadata describes the server truthfully
  RFC 8414 §2 (the members), §3 and §3.3 (the well-known location and the
  issuer check); RFC 7636 §4.2 (S256); RFC 6749 §3.3 (scope syntax);
  RFC 9700 §2.1.1 (PKCE with S256).

  @rule:metadata-issuer @rfc8414-3.3 @must @metadata @profile:any
  Scenario: The issuer in the metadata equals the URL it was fetched from without the well-known suffix
    RFC 8414 §3.3: "The "issuer" value returned MUST be identical to the authorization server's
    issuer identifier value into which the well-known URI string was inserted to create the URL used
    to retrieve the metadata."
    When the client fetches the authorization server metadata
    Then the metadata issuer equals the URL it was fetched from without the well-known suffix

  @rule:metadata-required-members @rfc8414-2 @must @metadata @profile:any
  Scenario: The metadata holds every member RFC 8414 requires
    RFC 8414 §2: "issuer REQUIRED. … authorization_endpoint … This is REQUIRED unless no grant types
    are supported that use the authorization endpoint. token_endpoint … This is REQUIRED unless only
    the implicit grant type is supported. … response_types_supported REQUIRED."
    When the client fetches the authorization server metadata
    Then the metadata holds issuer, the authorization and token endpoints and response_types_supported

  @rule:metadata-https-endpoints @rfc8414-2 @rfc6749-3.1 @rfc6749-3.2 @must @metadata @profile:any
  Scenario: Every endpoint the metadata advertises is an https URL
    RFC 6749 §3.1: "the authorization server MUST require the use of TLS as described in Section 1.6
    when sending requests to the authorization endpoint." and §3.2: "the authorization server MUST
    require the use of TLS as described in Section 1.6 when sending requests to the token endpoint."
    RFC 8414 §2: "jwks_uri … This URL MUST use the "https" scheme."
    When the client fetches the authorization server metadata
    Then every endpoint in the metadata is an https URL

  @rule:metadata-code-response-type @rfc8414-2 @rfc6749-4.1.1 @must @metadata @profile:any
  Scenario: The metadata lists the code response type
    RFC 8414 §2: "response_types_supported REQUIRED. JSON array containing a list of the OAuth 2.0
    "response_type" values that this authorization server supports."
    RFC 6749 §4.1.1: "response_type REQUIRED. Value MUST be set to "code"."
    When the client fetches the authorization server metadata
    Then the metadata lists "code" in response_types_supported

  @rule:metadata-pkce-s256 @rfc8414-2 @rfc7636-4.2 @rfc9700-2.1.1 @should @metadata @profile:any
  Scenario: The metadata lists S256 as a code challenge method
    RFC 9700 §2.1.1: "It is RECOMMENDED for authorization servers to publish the element
    code_challenge_methods_supported in their Authorization Server Metadata [RFC8414] containing the
    supported PKCE challenge methods (which can be used by the client to detect PKCE support)."
    RFC 8414 §2: "code_challenge_methods_supported OPTIONAL. … If omitted, the authorization server
    does not support PKCE."
    When the client fetches the authorization server metadata
    Then the metadata lists S256 as a code challenge method

  @rule:metadata-token-auth-methods @rfc8414-2 @rfc6749-2.3.1 @must @metadata @profile:any
  Scenario: The authentication method of every test client is advertised and accepted at the token endpoint
    RFC 8414 §2: "token_endpoint_auth_methods_supported OPTIONAL. JSON array containing a list of
    client authentication methods supported by this token endpoint. … If omitted, the default is
    "client_secret_basic""
    RFC 6749 §2.3.1: "The authorization server MUST support the HTTP Basic authentication scheme for
    authenticating clients that were issued a client password."
    When the client fetches the authorization server metadata
    Then every test client's authentication method is listed in token_endpoint_auth_methods_supported
    And every test client authenticates at the token endpoint with its method

  @rule:metadata-scope-syntax @rfc6749-3.3 @seed-004 @must @metadata @profile:any
  Scenario: Every scope the server advertises or grants is an RFC 6749 scope-token
    RFC 6749 §3.3: "scope = scope-token *( SP scope-token ) scope-token = 1*( %x21 / %x23-5B /
    %x5D-7E )" [ABNF; toets reads this as MUST]
    Given a client has obtained a valid access token
    When the client fetches the authorization server metadata
    Then every scope in scopes_supported and in the token response is an RFC 6749 scope-token

  @rule:metadata-oidc-discovery-issuer @oidc-discovery-4.3 @oidc-discovery-4.1 @must @metadata @profile:oidc
  Scenario: The issuer in the OpenID Provider configuration is the issuer it was fetched for
    OpenID Connect Discovery 1.0 §4.3: "The issuer value returned MUST be identical to the Issuer
    URL that was used as the prefix to /.well-known/openid-configuration to retrieve the
    configuration information."
    When the client fetches the OpenID Provider configuration
    Then the configuration's issuer is the Issuer URL that was used as the prefix of the well-known path

  @rule:scope-idporten-prefixed @seed-004 @should @metadata @profile:idporten @browser
  Scenario: Every scope the server advertises or grants has ID-porten's prefix:subscope form
    Seed 004 (Digdir, scope naming) §Oppsummering: "ID-porten vil manuelt tildele ett eller flere
    prefix til en API-tilbyder. … vi anbefaler prefix:ressursdefinisjon.operasjon" [ID-porten
    assigns prefixes; the form prefix:resource.operation is RECOMMENDED]
    Seed 004 §Forslag: "scope ::= prefix ':' subscope" … "prefix bør identifisere din virksomhet"
    [the prefix SHOULD identify the organisation]
    Given the user with data has authorized the primary client with a PKCE challenge
    And the client has redeemed the authorization code
    When the client fetches the authorization server metadata
    Then every scope in scopes_supported and in the token response has the form prefix:subscope
