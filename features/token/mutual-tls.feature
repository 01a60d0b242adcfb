Feature: Clients authenticate with their TLS certificate on the back channel
  RFC 8705 §2.1 (PKI mutual-TLS method, tls_client_auth) and §2.1.2
  (the registered subject); MedMij core.tls.314: token calls on the back
  channel use a client certificate. The target file's tls.client_cert is
  the certificate registered for its tls_client_auth client. A server may
  refuse a missing or unregistered certificate in the TLS handshake or at
  the token endpoint with invalid_client: both are refusals, and the report
  says which it was. A grant the server never issued shows, by
  invalid_grant, that the client itself was accepted.

  @rule:token-mtls-client-auth @rfc8705-2.1 @medmij-core.tls.314 @must @token @profile:medmij
  Scenario: A tls_client_auth client is authenticated by its registered certificate
    RFC 8705 §2: "In order to utilize TLS for OAuth client authentication, the TLS connection
    between the client and the authorization server MUST have been established or reestablished with
    mutual-X.509-certificate authentication"
    RFC 8705 §2.1: "The PKI method of mutual-TLS OAuth client authentication adopts an approach that
    relies on a validated certificate chain [RFC5280] and a single subject distinguished name (DN)
    or a single subject alternative name (SAN) to authenticate a specific client."
    When the tls_client_auth client redeems an authorization code that the server never issued, presenting its registered certificate
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  @rule:token-mtls-no-cert-refused @rfc8705-2.1 @medmij-core.tls.314 @must @token @profile:medmij
  Scenario: A tls_client_auth client without a client certificate is refused
    RFC 8705 §2: "In order to utilize TLS for OAuth client authentication, the TLS connection
    between the client and the authorization server MUST have been established or reestablished with
    mutual-X.509-certificate authentication"
    RFC 6749 §5.2: "invalid_client Client authentication failed (e.g., unknown client, no client
    authentication included, or unsupported authentication method)."
    When the tls_client_auth client redeems an authorization code that the server never issued, without a client certificate
    Then the token endpoint refuses the client with invalid_client or a failed TLS handshake

  @rule:token-mtls-unregistered-cert-refused @rfc8705-2.1 @rfc8705-2.1.2 @medmij-core.tls.314 @must @token @profile:medmij
  Scenario: A self-signed certificate with the client's registered subject is refused
    RFC 8705 §2.1: "The PKI method of mutual-TLS OAuth client authentication adopts an approach that
    relies on a validated certificate chain [RFC5280] and a single subject distinguished name (DN)
    or a single subject alternative name (SAN) to authenticate a specific client."
    RFC 8705 §2.1.2: "A client using the "tls_client_auth" authentication method MUST use exactly
    one of the below metadata parameters to indicate the certificate subject value that the
    authorization server is to expect when authenticating the respective client."
    When the tls_client_auth client redeems an authorization code that the server never issued, presenting a self-signed certificate with the registered subject
    Then the token endpoint refuses the client with invalid_client or a failed TLS handshake
