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
      OpenID Connect Core 1.0 §2: "ID Tokens MUST be signed using JWS"
      OpenID Connect Core 1.0 §3.1.3.7: "The Client MUST validate the signature of all other ID
      Tokens according to JWS using the algorithm specified in the JWT alg Header Parameter. The
      Client MUST use the keys provided by the Issuer."
      | check                                     |
      | is signed with a key of the server's JWKS |

    @rule:idtoken-alg @oidc-registration-2 @oidc-core-2
    Examples: the algorithm
      OpenID Connect Dynamic Client Registration 1.0 §2: "id_token_signed_response_alg OPTIONAL. JWS
      alg algorithm [JWA] REQUIRED for signing the ID Token issued to this Client. … The default, if
      omitted, is RS256."
      OpenID Connect Core 1.0 §2: "ID Tokens MUST NOT use none as the alg value unless the Response
      Type used returns no ID Token from the Authorization Endpoint (such as when using the
      Authorization Code Flow) and the Client explicitly requested the use of none at Registration
      time."
      | check                                            |
      | is signed with the client's registered algorithm |

    @rule:idtoken-iss
    Examples: the issuer
      OpenID Connect Core 1.0 §3.1.3.7: "The Issuer Identifier for the OpenID Provider (which is
      typically obtained during Discovery) MUST exactly match the value of the iss (issuer) Claim."
      | check            |
      | names the issuer |

    @rule:idtoken-aud
    Examples: the audience
      OpenID Connect Core 1.0 §2: "aud REQUIRED. Audience(s) that this ID Token is intended for. It
      MUST contain the OAuth 2.0 client_id of the Relying Party as an audience value."
      | check                        |
      | names the client as audience |

    @rule:idtoken-times @oidc-core-2
    Examples: the times
      OpenID Connect Core 1.0 §2: "exp REQUIRED. Expiration time on or after which the ID Token MUST
      NOT be accepted by the RP when performing authentication with the OP. … iat REQUIRED. Time at
      which the JWT was issued."
      OpenID Connect Core 1.0 §3.1.3.7: "The current time MUST be before the time represented by
      the exp Claim (possibly allowing for some small leeway to account for clock skew)." [iat in the
      future is a time the JWT was not issued at; how long ago iat may be is "Client specific"]
      | check                                         |
      | is unexpired and was not issued in the future |

    @rule:idtoken-nonce @oidc-core-3.1.2.1
    Examples: the nonce
      OpenID Connect Core 1.0 §2: "If present in the Authentication Request, Authorization Servers
      MUST include a nonce Claim in the ID Token with the Claim Value being the nonce value sent in
      the Authentication Request."
      | check                                         |
      | echoes the nonce of the authorization request |

    @rule:idtoken-at-hash @oidc-core-3.1.3.6
    Examples: at_hash
      OpenID Connect Core 1.0 §3.1.3.6: "at_hash OPTIONAL. Access Token hash value." and §3.2.2.9:
      "The value of at_hash in the ID Token MUST match the value produced in the previous step."
      | check                                             |
      | binds the access token with at_hash where present |
