Feature: A JWT access token follows the JWT profile for access tokens
  RFC 9068 §2.1 (typ at+jwt; signed, never alg none), §2.2 (the claims iss,
  exp, aud, sub, client_id, iat and jti) and §4 (the resource server
  verifies the signature with the issuer's published keys and that iss is
  the issuer), with RFC 8725 §3.1 and §3.11 on algorithms and explicit
  typing. An access token may be opaque (RFC 6749 §1.4); where a server
  hands out a JWT, RFC 9068 is the profile a resource server can validate
  it by, and without typ at+jwt an ID token could pass for an access token.
  An opaque access token has none of these rules: they are reported not
  applicable. The reference server issues JWT access tokens in the oidc and
  idporten profiles.

  @token @profile:oidc @profile:idporten @browser
  Scenario Outline: A JWT access token <check>
    Given the user with data has authorized the primary client with a PKCE challenge
    And the client has redeemed the authorization code
    Then the access token, where it is a JWT, <check>

    @rule:jwt-at-typ @rfc9068-2.1 @rfc8725-3.11 @must
    Examples: the type
      RFC 9068 §2.1: "JWT access tokens MUST include this media type in the "typ" header parameter
      to explicitly declare that the JWT represents an access token complying with this profile. …
      the "typ" value used SHOULD be "at+jwt"."
      | check             |
      | is typed at+jwt   |

    @rule:jwt-at-alg @rfc9068-2.1 @must
    Examples: the algorithm
      RFC 9068 §2.1: "JWT access tokens MUST be signed. … JWT access tokens MUST NOT use "none" as
      the signing algorithm."
      | check                        |
      | is signed, not with alg none |

    @rule:jwt-at-alg-asymmetric @rfc9068-2.1 @rfc8725-3.1 @should
    Examples: the kind of algorithm
      RFC 9068 §2.1: "Although JWT access tokens can use any signing algorithm, use of asymmetric
      cryptography is RECOMMENDED as it simplifies the process of acquiring validation information
      for heterogeneous resource servers."
      | check                                  |
      | is signed with an asymmetric algorithm |

    @rule:jwt-at-signature @rfc9068-4 @must
    Examples: the signature
      RFC 9068 §4: "The resource server MUST validate the signature of all incoming JWT access
      tokens according to [RFC7515] using the algorithm specified in the JWT "alg" Header Parameter.
      … The resource server MUST use the keys provided by the authorization server."
      | check                                     |
      | is signed with a key of the server's JWKS |

    @rule:jwt-at-claims @rfc9068-2.2 @rfc9068-4 @must
    Examples: the claims
      RFC 9068 §2.2: "iss REQUIRED … exp REQUIRED … aud REQUIRED … sub REQUIRED … client_id REQUIRED
      … iat REQUIRED … jti REQUIRED"
      | check                                                  |
      | carries iss, exp, aud, sub, client_id, iat and jti     |
