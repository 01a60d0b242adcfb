Feature: The published key set holds only strong public keys
  RFC 7517 §4.5, §5, §9.2; RFC 7518 §3.1, §3.3, §6.2.1.1, §6.3, §6.4;
  seed 003 (a JWKS endpoint as authentication material). A server whose
  metadata names no jwks_uri has none of these rules: they are reported
  not applicable.

  @rule:keys-public-only @rfc7517-9.2 @rfc7518-6.3.2 @rfc7518-6.4 @seed-003 @must @keys @profile:any
  Scenario: The key set holds no private or symmetric key material
    When the client fetches the JSON Web Key Set
    Then no key in the set holds private or symmetric key material

  @rule:keys-strength @rfc7518-3.3 @rfc7518-6.2.1.1 @must @keys @profile:any
  Scenario: Every RSA key has at least 2048 bits and every EC key is on P-256, P-384 or P-521
    When the client fetches the JSON Web Key Set
    Then every key in the set is strong enough

  @rule:keys-no-symmetric-alg @rfc7518-3.1 @rfc8725-3.1 @must @keys @profile:any
  Scenario: No published key is labelled with an HMAC algorithm or none
    When the client fetches the JSON Web Key Set
    Then no key in the set names an HS algorithm or none

  @rule:keys-unique-kid @rfc7517-4.5 @must @keys @profile:any
  Scenario: Every key in the set has its own kid
    When the client fetches the JSON Web Key Set
    Then the key ids in the set are unique

  @rule:keys-cache-headers @rfc7517-5 @rfc9111-5.2 @seed-003 @should @keys @profile:any
  Scenario: The key set is served over https with caching headers
    When the client fetches the JSON Web Key Set
    Then the key set was served over https with a Cache-Control header

  @rule:keys-x5c-leaf @rfc7517-4.7 @seed-003 @must @keys @profile:any
  Scenario: A key's x5c leaf certificate certifies that same key and is valid now
    When the client fetches the JSON Web Key Set
    Then every x5c leaf certificate in the set certifies its own key and is within its validity period

  @rule:keys-rsa-4096 @seed-003 @should @keys @profile:any
  Scenario: Every RSA key has 4096 bits, as seed 003 recommends
    When the client fetches the JSON Web Key Set
    Then every RSA key in the set has the recommended 4096 bits
