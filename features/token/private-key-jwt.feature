Feature: private_key_jwt client authentication
  RFC 7521 §4.2, RFC 7523 §2.2 and §3, OIDC Core §9, RFC 8725 §3.1; seed
  003 (ACM). A client proves itself with a JWT signed by its own registered
  RSA key: RS256, for this server (aud), not expired, used once. An
  assertion with any defect is refused with invalid_client. A refusal about
  the grant (invalid_grant for a code the server never issued) shows the
  client itself was accepted.

  @rule:token-private-key-jwt @rfc7523-3 @oidc-core-9 @seed-003 @must @token @profile:acm @profile:oidc
  Scenario: A client assertion signed with RS256 by the client's registered key authenticates the client
    OpenID Connect Core 1.0 §9: "private_key_jwt Clients that have registered a public key sign a
    JWT using that key. … The JWT MUST contain the following REQUIRED Claim Values"
    RFC 7523 §3: "The JWT MUST be digitally signed or have a Message Authentication Code (MAC)
    applied by the issuer. The authorization server MUST reject JWTs with an invalid signature or
    MAC."
    When the private_key_jwt client redeems an authorization code that the server never issued
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  Scenario Outline: A client assertion <defect> is refused with invalid_client
    When the private_key_jwt client sends a token request with an assertion <defect>
    Then the token endpoint answers with HTTP 400 or 401 and a JSON body
    And the error is "invalid_client"

    @rule:token-jwt-audience @rfc7523-3 @oidc-core-9 @must @token @profile:acm @profile:oidc
    Examples: the audience is another server
      RFC 7523 §3: "The JWT MUST contain an "aud" (audience) claim containing a value that
      identifies the authorization server as an intended audience. … The authorization server MUST
      reject any JWT that does not contain its own identity as the intended audience."
      | defect               |
      | for another audience |

    @rule:token-jwt-expiry @rfc7523-3 @oidc-core-9 @must @token @profile:acm @profile:oidc
    Examples: the assertion has expired
      RFC 7523 §3: "The JWT MUST contain an "exp" (expiration time) claim that limits the time
      window during which the JWT can be used. The authorization server MUST reject any JWT with an
      expiration time that has passed, subject to allowable clock skew between systems."
      | defect           |
      | that has expired |

    @rule:token-jwt-replay @rfc7523-3 @rfc9700-2.5 @should @token @profile:acm @profile:oidc
    Examples: the assertion is replayed
      RFC 7523 §3: "The authorization server MAY ensure that JWTs are not replayed by maintaining
      the set of used "jti" values for the length of time for which the JWT would be considered
      valid"
      OpenID Connect Core 1.0 §9: "jti REQUIRED. JWT ID. A unique identifier for the token, which
      can be used to prevent reuse of the token. These tokens MUST only be used once, unless
      conditions for reuse were negotiated between the parties" [the MUST binds the use, the check
      is a MAY: toets reads this as SHOULD]
      | defect               |
      | that was used before |

    @rule:token-jwt-alg @rfc8725-3.1 @seed-003 @must @token @profile:acm @profile:oidc
    Examples: the algorithm is not the client's
      RFC 8725 §3.1: "Libraries MUST enable the caller to specify a supported set of algorithms and
      MUST NOT use any other algorithms when performing cryptographic operations."
      Seed 003 (ACM, API-configuratie) §Publieke JWK: "Merk tenslotte ook op dat het algoritme HS256
      niet aanvaard wordt." [HS256 is not accepted: MUST NOT]
      | defect                                      |
      | with alg none                               |
      | signed with HS256 keyed with its public key |

    @rule:token-jwt-key @rfc7523-3 @oidc-core-9 @must @token @profile:acm @profile:oidc
    Examples: the key is not the client's
      RFC 7523 §3: "The JWT MUST be digitally signed or have a Message Authentication Code (MAC)
      applied by the issuer. The authorization server MUST reject JWTs with an invalid signature or
      MAC."
      | defect                                |
      | signed by a key not registered for it |
