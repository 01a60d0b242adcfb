Feature: private_key_jwt client authentication
  RFC 7521 §4.2, RFC 7523 §2.2 and §3, OIDC Core §9, RFC 8725 §3.1; seed
  003 (ACM). A client proves itself with a JWT signed by its own registered
  RSA key: RS256, for this server (aud), not expired, used once. An
  assertion with any defect is refused with invalid_client. A refusal about
  the grant (invalid_grant for a code the server never issued) shows the
  client itself was accepted.

  @rule:token-private-key-jwt @rfc7523-3 @oidc-core-9 @seed-003 @must @token @profile:acm @profile:oidc
  Scenario: A client assertion signed with RS256 by the client's registered key authenticates the client
    When the private_key_jwt client redeems an authorization code that the server never issued
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  Scenario Outline: A client assertion <defect> is refused with invalid_client
    When the private_key_jwt client sends a token request with an assertion <defect>
    Then the token endpoint answers with HTTP 400 or 401 and a JSON body
    And the error is "invalid_client"

    @rule:token-jwt-audience @rfc7523-3 @oidc-core-9 @must @token @profile:acm @profile:oidc
    Examples: the audience is another server
      | defect               |
      | for another audience |

    @rule:token-jwt-expiry @rfc7523-3 @oidc-core-9 @must @token @profile:acm @profile:oidc
    Examples: the assertion has expired
      | defect           |
      | that has expired |

    @rule:token-jwt-replay @rfc7523-3 @rfc9700-2.5 @should @token @profile:acm @profile:oidc
    Examples: the assertion is replayed
      | defect               |
      | that was used before |

    @rule:token-jwt-alg @rfc8725-3.1 @seed-003 @must @token @profile:acm @profile:oidc
    Examples: the algorithm is not the client's
      | defect                                      |
      | with alg none                               |
      | signed with HS256 keyed with its public key |

    @rule:token-jwt-key @rfc7523-3 @oidc-core-9 @must @token @profile:acm @profile:oidc
    Examples: the key is not the client's
      | defect                                |
      | signed by a key not registered for it |
