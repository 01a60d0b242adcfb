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
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response forbids caching with Cache-Control no-store and Pragma no-cache

  @rule:token-expires-in @rfc6749-5.1 @medmij-core.tknint.201 @should @token @profile:any @browser
  Scenario: The token response says how long the access token lives, within the profile's maximum
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds a positive expires_in
    And the expires_in is not above the target's limit

  @rule:token-refresh-token-issued @rfc6749-5.1 @medmij-rfc0054 @should @token @profile:medmij @browser
  Scenario: The token response carries a refresh token for long-lived consent
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds a refresh token

  @rule:token-answer-time @medmij-core.tknint.206 @must @token @profile:medmij @browser
  Scenario: The access token is returned within 10 seconds
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the token endpoint answered within 10 seconds

  @rule:token-no-availability-check @medmij-rfc0015 @seed-002 @must @token @profile:medmij @browser
  Scenario: A person who passed the authorization interface gets a token, the availability check is not repeated at the token interface
    Given the user with data only at the early availability check has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer

  @rule:token-scope-when-changed @rfc6749-5.1 @rfc6749-3.3 @must @token @profile:any @browser
  Scenario: A token response names the scope granted when it is narrower than the scope requested
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
    Given the user with data has authorized the primary client
    When the client redeems the authorization code with the MedMij tracing headers
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
