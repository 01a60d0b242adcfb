Feature: The published key set holds only strong public keys
  RFC 7517 §4.5, §5, §9.2; RFC 7518 §3.1, §3.3, §6.2.1.1, §6.3, §6.4;
  seed 003 (a JWKS endpoint as authentication material). A server whose
  metadata names no jwks_uri has none of these rules: they are reported
  not applicable.

  @rule:keys-public-only @rfc7517-9.2 @rfc7518-6.3.2 @rfc7518-6.4 @seed-003 @must @keys @profile:any
  Scenario: The key set holds no private or symmetric key material
    RFC 7517 §9.2: "Private and symmetric keys must be protected from disclosure to unintended
    parties." [lower-case must; toets reads this as MUST]
    Seed 003 (ACM, API-configuratie) §Publieke JWK: "Gelieve er steeds op te letten dat enkel het
    publieke deel doorgestuurd wordt: als er een private key meegestuurd wordt, dan dient dit
    keypaar als gecompromitteerd beschouwd te worden." [only the public part is sent; a key pair
    whose private key was sent MUST be considered compromised]
    When the client fetches the JSON Web Key Set
    Then no key in the set holds private or symmetric key material

  @rule:keys-strength @rfc7518-3.3 @rfc7518-6.2.1.1 @must @keys @profile:any
  Scenario: Every RSA key has at least 2048 bits and every EC key is on P-256, P-384 or P-521
    RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
    RFC 7518 §6.2.1.1: "crv … Curve values from [DSS] used by this specification are: "P-256"
    "P-384" "P-521" … This member MUST be present"
    When the client fetches the JSON Web Key Set
    Then every key in the set is strong enough

  @rule:keys-no-symmetric-alg @rfc7518-3.1 @rfc8725-3.1 @should @keys @profile:any
  Scenario: No published key is labelled with an HMAC algorithm or none
    RFC 8725 §3.1: "Libraries MUST enable the caller to specify a supported set of algorithms and
    MUST NOT use any other algorithms when performing cryptographic operations. … each key MUST be
    used with exactly one algorithm"
    Seed 003 (ACM, API-configuratie) §Publieke JWK: "Merk tenslotte ook op dat het algoritme HS256
    niet aanvaard wordt." [HS256 is not accepted; RFC 8725 binds libraries (verifiers), and seed
    003 speaks of the keys a client registers at ACM, not of a server's own key set: toets reads
    this as SHOULD NOT]
    When the client fetches the JSON Web Key Set
    Then no key in the set names an HS algorithm or none

  @rule:keys-unique-kid @rfc7517-4.5 @should @keys @profile:any
  Scenario: Every key in the set has its own kid
    RFC 7517 §4.5: "When "kid" values are used within a JWK Set, different keys within the JWK Set
    SHOULD use distinct "kid" values."
    When the client fetches the JSON Web Key Set
    Then the key ids in the set are unique

  @rule:keys-cache-headers @rfc7517-5 @rfc9111-5.2 @seed-003 @should @keys @profile:acm
  Scenario: The key set is served over https with caching headers
    Seed 003 (ACM, API-configuratie) §JWKS endpoint: "De nodige caching headers zouden gezet moeten
    worden zodat afnemers weten hoe lang de JWK's gecached mogen worden." [the caching headers
    SHOULD be set]
    RFC 8414 §2: "jwks_uri OPTIONAL. URL of the authorization server's JWK Set [JWK] document. …
    This URL MUST use the "https" scheme."
    When the client fetches the JSON Web Key Set
    Then the key set was served over https with a Cache-Control header

  @rule:keys-x5c-leaf @rfc7517-4.7 @must @keys @profile:any
  Scenario: A key's x5c leaf certificate certifies that same key
    RFC 7517 §4.7: "The key in the first certificate MUST match the public key represented by other
    members of the JWK."
    When the client fetches the JSON Web Key Set
    Then every x5c leaf certificate in the set certifies its own key

  @rule:keys-x5c-valid @seed-003 @must @keys @profile:acm
  Scenario: A key's x5c leaf certificate is valid now
    Seed 003 (ACM, API-configuratie) §x5c: "het Toegangsbeheer de geldigheid (tijdframe, revocation
    en CA) van dit x5c-certificaat zal controleren" [ACM SHALL check the validity (time frame,
    revocation, CA) of the x5c certificate]
    When the client fetches the JSON Web Key Set
    Then every x5c leaf certificate in the set is within its validity period

  @rule:keys-rsa-4096 @seed-003 @should @keys @profile:acm
  Scenario: Every RSA key has 4096 bits, as seed 003 recommends
    Seed 003 (ACM, API-configuratie) §Publieke JWK: "Een key-grootte van 4096 bytes is aanbevolen."
    [a key size of 4096 (bits) is RECOMMENDED]
    When the client fetches the JSON Web Key Set
    Then every RSA key in the set has the recommended 4096 bits
