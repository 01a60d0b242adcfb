Feature: A successful token response
  RFC 6749 §4.1.3 and §5.1; MedMij token interface (core.tknint.201, 206),
  RFC0015 (seed 002) and RFC0054 (long-lived consent).
  The client exchanges its authorization code for an access token; the answer
  is JSON, names a Bearer token with its lifetime, and may not be cached.
  When the scope granted differs from the scope requested, the answer names
  it (§3.3, §5.1); toets asks for every right of the target file's rights[]
  for a user and a client who share fewer (seed 000), so the server must
  grant less.

  @rule:token-success-response @rfc6749-5.1 @medmij-core.tknint.201 @must @token @profile:any @browser
  Scenario: A fresh authorization code is exchanged for a Bearer token in a non-cacheable JSON response
    RFC 6749 §5.1: "access_token REQUIRED. … token_type REQUIRED. … The authorization server MUST
    include the HTTP "Cache-Control" response header field [RFC2616] with a value of "no-store" in
    any response containing tokens, credentials, or other sensitive information, as well as the
    "Pragma" response header field [RFC2616] with a value of "no-cache"."
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response forbids caching with Cache-Control no-store and Pragma no-cache

  @rule:token-expires-in @rfc6749-5.1 @medmij-core.tknint.201 @should @token @profile:any @browser
  Scenario: The token response says how long the access token lives, within the profile's maximum
    RFC 6749 §5.1: "expires_in RECOMMENDED. The lifetime in seconds of the access token."
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds a positive expires_in
    And the expires_in is not above the target's limit

  @rule:token-refresh-token-issued @rfc6749-5.1 @medmij-rfc0054 @should @token @profile:medmij @browser
  Scenario: The token response carries a refresh token for long-lived consent
    RFC 6749 §5.1: "refresh_token OPTIONAL."
    MedMij afsprakenstelsel §Autoriseren: "Autorisatie met aanwezige geldige langdurige toestemming.
    Hierbij wordt een geldig refreshtoken ingeruild voor een access-token en een nieuw
    refresh-token" [long-lived consent rests on refresh tokens; toets reads this as SHOULD]
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds a refresh token

  @rule:token-answer-time @medmij-core.tknint.206 @should @token @profile:medmij @browser
  Scenario: The access token is returned within 10 seconds
    MedMij afsprakenstelsel §core.tknint.206: "Na ontvangst van een access token request … zal de
    OAuth Authorization Server, indien in antwoord daarop een access token dient te worden
    uitgegeven, na maximaal tien (10) seconden dit acces token ter beschikking stellen aan de OAuth
    Client. Dit gedrag … is gedurende minimaal 99,5% van de tijd beschikbaar." [the AS issues the
    token within 10 seconds, at least 99.5% of the time: one slow answer cannot refute that, so toets
    reads a single sample as SHOULD]
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the token endpoint answered within 10 seconds

  @rule:token-no-availability-check @medmij-rfc0015 @seed-002 @must @token @profile:medmij @browser
  Scenario: A person who passed the authorization interface gets a token, the availability check is not repeated at the token interface
    Seed 002 (MedMij RFC0015) §Oplossingsrichting: "De oplossing is daarmee om het instaan voor deze
    voorwaarden alleen toe te staan op: het authorization interface en het resource interface, voor
    UC(I) Verzamelen" [the availability checks are allowed only at the authorization and the
    resource interface: MUST NOT elsewhere]
    Given the user with data only at the early availability check has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer

  @rule:token-scope-when-changed @rfc6749-5.1 @rfc6749-3.3 @must @token @profile:any @browser
  Scenario: A token response names the scope granted when it is narrower than the scope requested
    RFC 6749 §3.3: "If the issued access token scope is different from the one requested by the
    client, the authorization server MUST include the "scope" response parameter to inform the
    client of the actual scope granted."
    Given the user without the second right has authorized the client with the second right for every right
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response names the granted scope: the rights both the client and the user hold

  # MedMij core.tknint.208: every request of the token interface may carry
  # the tracing headers MedMij-Request-ID and X-Correlation-ID (UUIDs); the
  # server must serve it as it would without them.
  @rule:token-tracing-headers @medmij-core.tknint.208 @must @token @profile:medmij @browser
  Scenario: A code redeemed with the MedMij tracing headers gives tokens
    MedMij afsprakenstelsel §core.tknint.208: "De OAuth Client voegt bij het versturen van een Token
    request twee HTTP Header Fields toe, de eerste met de naam MedMij-Request-ID, de tweede met de
    naam X-Correlation-ID." [the client MUST add them; that the server serves such a request: toets
    reads this as MUST]
    Given the user with data has authorized the primary client
    When the client redeems the authorization code with the MedMij tracing headers
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
