Feature: Refreshing an access token
  RFC 6749 §6 and §10.4; RFC 9700 §4.14.2; MedMij long-lived consent
  (RFC0054, seed 001): a refresh token gives a new access token and, in
  MedMij, a new refresh token; it works only for the client it was issued
  to and never for more scope than was granted, and it may ask for less.

  @rule:token-refresh-rotation @rfc6749-6 @medmij-rfc0054 @seed-001 @must @token @profile:medmij @browser
  Scenario: A refresh gives a new access token and a new refresh token
    MedMij afsprakenstelsel §Autoriseren: "Hierbij wordt een geldig refreshtoken ingeruild voor een
    access-token en een nieuw refresh-token met een geldigheidsduur van een half jaar." [a valid
    refresh token is exchanged for an access token and a new refresh token; toets reads this as
    MUST]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client refreshes the access token
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response holds a new refresh token

  # RFC 6749 §6 lets the server keep the old refresh token valid; RFC 9700
  # §4.14.2 makes rotation (or sender-constraining) a MUST for public
  # clients only, and MedMij's clients are confidential. A SHOULD.
  @rule:token-refresh-old-refused @rfc6749-6 @rfc9700-4.14.2 @medmij-rfc0054 @should @token @profile:medmij @browser
  Scenario: A refresh token that a refresh has replaced is refused afterwards
    RFC 6749 §6: "The authorization server MAY issue a new refresh token, in which case the client
    MUST discard the old refresh token and the authorization server MAY revoke the old refresh token
    after issuing a new refresh token to the client."
    RFC 9700 §4.14.2: "Refresh token rotation: the authorization server issues a new refresh token
    with every access token refresh response. The previous refresh token is invalidated" [a MUST
    for public clients; for confidential clients toets reads it as SHOULD]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    And the client refreshes the access token
    When the client refreshes again with the previous refresh token
    Then the token endpoint refuses the replaced refresh token with invalid_grant

  @rule:token-refresh-bound-to-client @rfc6749-6 @rfc6749-10.4 @must @token @profile:any @browser
  Scenario: A refresh token presented by another client is refused with invalid_grant
    RFC 6749 §6: "The authorization server MUST: … authenticate the client if client authentication
    is included and ensure that the refresh token was issued to the authenticated client"
    RFC 6749 §10.4: "The authorization server MUST maintain the binding between a refresh token and
    the client to whom it was issued."
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the second client refreshes the access token with the primary client's refresh token
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"

  # §6's MUST binds the client, and §3.3 lets the server ignore the extra
  # scope as long as it names the scope it issued: refusing and ignoring
  # both pass; only a token for more than was granted fails.
  @rule:token-refresh-scope @rfc6749-6 @rfc6749-3.3 @must @token @profile:any @browser
  Scenario: A refresh for more scope than was granted never gives a token for more
    RFC 6749 §6: "The requested scope MUST NOT include any scope not originally granted by the
    resource owner, and if omitted is treated as equal to the scope originally granted by the
    resource owner." [binds the client]
    RFC 6749 §3.3: "The authorization server MAY fully or partially ignore the scope requested by
    the client … If the issued access token scope is different from the one requested by the
    client, the authorization server MUST include the "scope" response parameter to inform the
    client of the actual scope granted."
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client refreshes the access token for more scope than was granted
    Then the token endpoint refuses the wider scope with invalid_scope, or issues a token for no more than was granted

  # §6 lets the client ask for a narrower scope ("The requested scope MUST
  # NOT include any scope not originally granted"), but §3.3 lets a server
  # "fully or partially ignore the scope requested" as long as it names the
  # scope it issued. So toets cannot demand the narrower token: a SHOULD,
  # for least privilege (RFC 9700 §2.3). The grant holds two rights (seed
  # 000 lists); the refresh asks for the first, and the resource of the
  # second must refuse the new token.
  @rule:token-refresh-narrower-scope @rfc6749-6 @rfc6749-3.3 @rfc9700-2.3 @should @token @profile:any @browser
  Scenario: A refresh for less scope than was granted gives a token for that scope only
    RFC 9700 §2.3: "The privileges associated with an access token SHOULD be restricted to the
    minimum required for the particular application or use case."
    Given the user with the second right has authorized the client with the second right for every right
    And the client has redeemed the authorization code
    When the client refreshes the access token for the scope of the first right only
    Then the token endpoint answers with HTTP 200 and a JSON body
    And the response holds an access token of type Bearer
    And the response names the narrower scope, or no scope since it equals the request
    When the client requests the resource of the first right with the access token
    Then the resource endpoint answers with HTTP 200
    When the client requests the resource of the second right with the access token
    Then the resource endpoint refuses the token with HTTP 401 or 403
