Feature: The ID token proves who logged in, to whom, when and for which request
  OpenID Connect Core 1.0 §2 (the ID token), §3.1.3.3 (the token response
  carries it), §3.1.3.6 (at_hash) and §3.1.3.7 (what the client must check
  before it believes it), with RFC 8725 §3.1 on algorithms. Each check is
  one a client makes; a server that fails it leaves its clients the choice
  of refusing the login or trusting a forgeable token.

  @oidc-core-3.1.3.7 @must @token @profile:oidc @browser
  Scenario Outline: The ID token of an openid request <check>
    Given the user with data has authorized the primary client for OpenID Connect with a nonce
    And the client has redeemed the authorization code
    Then the ID token <check>

    @rule:idtoken-signature @oidc-core-2
    Examples: the signature
      | check                                     |
      | is signed with a key of the server's JWKS |

    @rule:idtoken-alg @rfc8725-3.1
    Examples: the algorithm
      | check                                 |
      | is signed with a public-key algorithm |

    @rule:idtoken-iss
    Examples: the issuer
      | check            |
      | names the issuer |

    @rule:idtoken-aud
    Examples: the audience
      | check                        |
      | names the client as audience |

    @rule:idtoken-times @oidc-core-2
    Examples: the times
      | check                                |
      | is unexpired and was issued just now |

    @rule:idtoken-nonce @oidc-core-3.1.2.1
    Examples: the nonce
      | check                                         |
      | echoes the nonce of the authorization request |

    @rule:idtoken-at-hash @oidc-core-3.1.3.6
    Examples: at_hash
      | check                                             |
      | binds the access token with at_hash where present |
