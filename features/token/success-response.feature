Feature: A successful token response
  RFC 6749 §4.1.3 and §5.1; MedMij token interface (core.tknint.201).
  The client exchanges its authorization code for an access token; the answer
  is JSON, names a Bearer token with its lifetime, and may not be cached.

  @rule:token-success-response @rfc6749-5.1 @medmij-core.tknint.201 @must @token @profile:any @browser
  Scenario: A fresh authorization code is exchanged for a Bearer token in a non-cacheable JSON response
    Given the user with data has authorized the primary client
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response holds a positive expires_in
    And the response forbids caching with Cache-Control no-store and Pragma no-cache
