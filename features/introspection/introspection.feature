Feature: The introspection endpoint tells an authenticated client whether a token is active
  RFC 7662 §2.1 (the caller authenticates), §2.2 (the response: active is
  REQUIRED, the other members OPTIONAL; an inactive token gets active
  false, and SHOULD get nothing more). A server whose metadata names no
  introspection endpoint has none of these rules: they are reported not
  applicable. The token introspected is the client's own: a server may
  refuse to tell one client about another's tokens (§2.2 "the protected
  resource is not allowed to introspect this particular token"), and a
  server that offers no client_credentials grant is judged with a token
  from the code flow.

  @rule:introspection-requires-auth @rfc7662-2.1 @rfc7662-4 @must @token @profile:any
  Scenario: Introspection without client authentication is refused
    RFC 7662 §2.1: "To prevent token scanning attacks, the endpoint MUST also require some form of
    authorization to access this endpoint"
    Given a client has obtained a valid access token
    When the access token is introspected without client authentication
    Then the introspection endpoint refuses the caller

  # client_id, exp and scope are OPTIONAL (RFC 7662 §2.2), but one that is
  # given describes the token.
  @rule:introspection-active @rfc7662-2.2 @must @token @profile:any
  Scenario: A valid access token is introspected as active, and the members given describe it
    RFC 7662 §2.2: "active REQUIRED. Boolean indicator of whether or not the presented token is
    currently active."
    Given a client has obtained a valid access token
    When the client introspects the access token
    Then the introspection response says the token is active

  @rfc7662-2.2 @must @token @profile:any @clock
  Scenario Outline: Introspecting <which> says active false
    RFC 7662 §2.2: "If the introspection call is properly authorized but the token is not active,
    does not exist on this server, or the protected resource is not allowed to introspect this
    particular token, then the authorization server MUST return an introspection response with the
    "active" field set to "false"."
    Given <before>
    When the client introspects <which>
    Then the introspection response says the token is not active

    @rule:introspection-inactive
    Examples: unknown, malformed and expired tokens
      | which                           | before                                                       |
      | a token the server never issued | a client has obtained a valid access token                   |
      | a string that is no token       | a client has obtained a valid access token                   |
      | the expired access token        | a client has obtained an access token that has since expired |

    @rule:introspection-revoked-inactive @rfc7009-2.1
    Examples: a revoked token
      | which                    | before                                               |
      | the revoked access token | a client has obtained an access token and revoked it |

  @rule:introspection-inactive-bare @rfc7662-2.2 @rfc7662-4 @should @token @profile:any
  Scenario: An inactive token's introspection says nothing but active false
    RFC 7662 §2.2: "the authorization server SHOULD NOT include any additional information about an
    inactive token, including why the token is inactive."
    Given a client has obtained a valid access token
    When the client introspects a token the server never issued
    Then the introspection response holds no member but active
