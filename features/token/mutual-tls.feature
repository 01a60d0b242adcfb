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
    When the tls_client_auth client redeems an authorization code that the server never issued, presenting its registered certificate
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  @rule:token-mtls-no-cert-refused @rfc8705-2.1 @medmij-core.tls.314 @must @token @profile:medmij
  Scenario: A tls_client_auth client without a client certificate is refused
    When the tls_client_auth client redeems an authorization code that the server never issued, without a client certificate
    Then the token endpoint refuses the client with invalid_client or a failed TLS handshake

  @rule:token-mtls-unregistered-cert-refused @rfc8705-2.1 @rfc8705-2.1.2 @medmij-core.tls.314 @must @token @profile:medmij
  Scenario: A self-signed certificate with the client's registered subject is refused
    When the tls_client_auth client redeems an authorization code that the server never issued, presenting a self-signed certificate with the registered subject
    Then the token endpoint refuses the client with invalid_client or a failed TLS handshake
