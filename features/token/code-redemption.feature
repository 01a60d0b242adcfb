Feature: An authorization code is redeemed only as it was issued
  RFC 6749 §4.1.2, §4.1.3 and §5.2; RFC 7636 §4.5 and §4.6; MedMij
  core.tknint.205: the code is bound to its client, to the redirect_uri of
  the authorization request, to its PKCE challenge, and to a short
  lifetime. Any mismatch is invalid_grant.

  Scenario Outline: A token request with <situation> is refused with invalid_grant
    Given the user with data has authorized the primary client <pkce> a PKCE challenge
    When the <client> client redeems the authorization code <redemption>
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"
    And the error is an RFC 6749 §5.2 code and not access_denied

    @rule:token-code-bound-to-client @rfc6749-4.1.3 @rfc6749-5.2 @must @token @profile:any @browser
    Examples: the code was issued to another client
      RFC 6749 §4.1.3: "The authorization server MUST: … ensure that the authorization code was
      issued to the authenticated confidential client, or if the client is public, ensure that the
      code was issued to "client_id" in the request"
      | situation                          | pkce    | client | redemption                     |
      | a code issued to another client    | with    | second | with the original redirect_uri |

    @rule:token-redirect-uri-match @rfc6749-4.1.3 @medmij-core.tknint.205 @must @token @profile:any @browser
    Examples: the redirect_uri differs
      RFC 6749 §4.1.3: "The authorization server MUST: … ensure that the "redirect_uri" parameter is
      present if the "redirect_uri" parameter was included in the initial authorization request as
      described in Section 4.1.1, and if included ensure that their values are identical."
      | situation                                             | pkce    | client  | redemption                |
      | a redirect_uri other than in the authorization request | with    | primary | with another redirect_uri |

    @rule:token-pkce-verifier @rfc7636-4.6 @rfc9700-2.1.1 @must @token @profile:any @browser
    Examples: the PKCE code_verifier does not fit the challenge
      RFC 7636 §4.6: "If the values are not equal, an error response indicating "invalid_grant" as
      described in Section 4.1.2 of [RFC6749] MUST be returned."
      | situation                          | pkce | client  | redemption                 |
      | a wrong PKCE code_verifier         | with | primary | with a wrong code_verifier |

  # RFC 7636 §4.6 names invalid_grant for a verifier that does not match; a
  # missing one is also a missing required parameter (RFC 7636 §4.5, RFC 6749
  # §5.2 invalid_request). Either refusal keeps the code from an attacker.
  @rule:token-pkce-verifier @rfc7636-4.5 @rfc7636-4.6 @rfc6749-5.2 @rfc9700-2.1.1 @must @token @profile:any @browser
  Scenario: A token request with no code_verifier after a challenge is refused with invalid_grant or invalid_request
    RFC 9700 §2.1.1: "If a client sends a valid PKCE code_challenge parameter in the authorization
    request, the authorization server MUST enforce the correct usage of code_verifier at the token
    endpoint."
    RFC 7636 §4.5: "code_verifier REQUIRED. Code verifier"
    Given the user with data has authorized the primary client with a PKCE challenge
    When the primary client redeems the authorization code without the code_verifier
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant" or "invalid_request"
    And the error is an RFC 6749 §5.2 code and not access_denied

  @rule:token-code-expiry @rfc6749-4.1.2 @rfc6749-5.2 @must @token @profile:any @browser @clock
  Scenario: An expired authorization code is refused with invalid_grant
    RFC 6749 §4.1.2: "The authorization code MUST expire shortly after it is issued to mitigate the
    risk of leaks. A maximum authorization code lifetime of 10 minutes is RECOMMENDED."
    Given the user with data has authorized the primary client
    And the authorization code has expired
    When the client redeems the authorization code
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"
