Feature: The authorization endpoint handles PKCE as RFC 7636 and RFC 9700 ask
  RFC 7636 §4.2, §4.3 and §4.4.1; RFC 9700 §2.1.1; RFC 8414 §2
  (code_challenge_methods_supported). MedMij does not require PKCE; ID-porten
  does.

  @rule:authz-pkce-s256-accepted @rfc7636-4.3 @rfc9700-2.1.1 @must @authorization @profile:any
  Scenario: A request with an S256 code challenge is accepted
    RFC 9700 §2.1.1: "Authorization servers MUST support PKCE [RFC7636]."
    RFC 7636 §4.2: "If the client is capable of using "S256", it MUST use "S256", as "S256" is
    Mandatory To Implement (MTI) on the server."
    Given the primary client starts an authorization request
    And the request carries a code challenge with method S256
    When the authorization request is sent
    Then the server accepts the request and asks the user to log in

  @rule:authz-pkce-methods-advertised @rfc7636-4.3 @rfc8414-2 @rfc9700-2.1.1 @must @authorization @profile:any
  Scenario Outline: A plain code challenge (<how>) is refused by a server whose metadata lists only other methods
    RFC 7636 §4.4.1: "If the server supporting PKCE does not support the requested transformation,
    the authorization endpoint MUST return the authorization error response with "error" value set
    to "invalid_request"."
    RFC 7636 §4.3: "code_challenge_method OPTIONAL, defaults to "plain" if not present in the
    request."
    Given the metadata does not list the code challenge method plain
    And the primary client starts an authorization request
    And the request carries a code challenge <how>
    When the authorization request is sent
    Then the server refuses the request

    Examples:
      | how               |
      | with method plain |
      | without a method  |

  @rule:authz-pkce-challenge-syntax @rfc7636-4.2 @rfc7636-4.4.1 @should @authorization @profile:any
  Scenario Outline: An S256 code challenge that is <how> is refused
    RFC 7636 §4.2: "code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))" and §4.1
    "code-challenge = 43*128unreserved" [a syntax the client follows; no sentence asks the server to
    refuse a challenge that breaks it: toets reads this as SHOULD]
    Given the primary client starts an authorization request
    And the request carries an S256 code challenge that is <how>
    When the authorization request is sent
    Then the server refuses the malformed challenge

    Examples:
      | how             |
      | too short       |
      | too long        |
      | not base64url   |

  @rule:authz-pkce-required @rfc7636-4.4.1 @rfc9700-2.1.1 @seed-001 @must @authorization @profile:idporten
  Scenario: A request without a code challenge is sent back with invalid_request where PKCE is required
    RFC 7636 §4.4.1: "If the server requires Proof Key for Code Exchange (PKCE) by OAuth public
    clients and the client does not send the "code_challenge" in the request, the authorization
    endpoint MUST return the authorization error response with the "error" value set to
    "invalid_request"."
    Given the primary client starts an authorization request
    And the request carries no code challenge
    When the authorization request is sent
    Then the client is sent back with the error invalid_request
    And the redirect carries the unchanged state
