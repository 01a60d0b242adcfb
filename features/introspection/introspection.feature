Feature: The introspection endpoint tells an authenticated client whether a token is active
  RFC 7662 §2.1 (the caller authenticates), §2.2 (the response: active,
  scope, client_id, exp; an inactive token gets only active false). A
  server whose metadata names no introspection endpoint has none of these
  rules: they are reported not applicable.

  @rule:introspection-requires-auth @rfc7662-2.1 @rfc7662-4 @must @token @profile:any
  Scenario: Introspection without client authentication is refused with 401
    Given the second client has obtained an access token with the client credentials grant
    When the access token is introspected without client authentication
    Then the introspection endpoint answers with HTTP 401

  @rule:introspection-active-claims @rfc7662-2.2 @seed-003 @must @token @profile:any
  Scenario: A valid access token is active, with its scope, client_id and exp
    Given the second client has obtained an access token with the client credentials grant
    When the second client introspects the access token
    Then the introspection endpoint answers with HTTP 200
    And the introspection response says active with scope, client_id and exp

  @rfc7662-2.2 @must @token @profile:any @clock
  Scenario Outline: Introspecting <which> gives exactly {"active": false}
    Given <before>
    When the second client introspects <which>
    Then the introspection endpoint answers with HTTP 200
    And the introspection response is exactly active false

    @rule:introspection-inactive-bare
    Examples: unknown, malformed and expired tokens
      | which                           | before                                                                                                  |
      | a token the server never issued | the second client has obtained an access token with the client credentials grant                        |
      | a string that is no token       | the second client has obtained an access token with the client credentials grant                        |
      | the expired access token        | the second client has obtained an access token with the client credentials grant that has since expired |

    @rule:introspection-revoked-inactive @rfc7009-2.1
    Examples: a revoked token
      | which                    | before                                                                                          |
      | the revoked access token | the second client has obtained an access token with the client credentials grant and revoked it |
