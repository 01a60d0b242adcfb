Feature: The resource endpoint refuses a request without a usable token with a Bearer challenge
  RFC 6750 §3 and §3.1 (the WWW-Authenticate response header and its error
  codes), read with the auth-param syntax of RFC 9110 §11.6.1; MedMij
  resource interface rules 38-41 (harness numbering of medmij-rules.md §9).

  @rule:resource-no-token-challenge @rfc6750-3 @medmij-rscint-38 @must @resource @profile:any
  Scenario: A request without an access token is refused with a Bearer challenge
    RFC 6750 §3: "If the protected resource request does not include authentication credentials or
    does not contain an access token that enables access to the protected resource, the resource
    server MUST include the HTTP "WWW-Authenticate" response header field"
    When the client requests the resource without an access token
    Then the resource endpoint refuses with a Bearer challenge

  # 401 is RFC 6750 §3's example and RFC 9110 §15.5.2's status for missing
  # credentials; MedMij (medmij-rules.md §9 item 38) adds no rule of its
  # own, so 401 is a SHOULD in every profile.
  @rule:resource-no-token-401 @rfc6750-3.1 @medmij-rscint-38 @should @resource @profile:any
  Scenario: A request without an access token gets 401 with a Bearer challenge that names no error
    RFC 6750 §3.1: "If the request lacks any authentication information (e.g., the client was
    unaware that authentication is necessary or attempted using an unsupported authentication
    method), the resource server SHOULD NOT include an error code or other error information."
    When the client requests the resource without an access token
    Then the resource endpoint answers with HTTP 401 and a Bearer challenge without an error code

  @rule:resource-invalid-token @rfc6750-3 @medmij-rscint-39 @must @resource @profile:any @clock
  Scenario Outline: The resource endpoint refuses <which> with a Bearer challenge
    RFC 6750 §3: "If the protected resource request does not include authentication credentials or
    does not contain an access token that enables access to the protected resource, the resource
    server MUST include the HTTP "WWW-Authenticate" response header field"
    Given <before>
    When the client requests the resource with <which>
    Then the resource endpoint refuses with a Bearer challenge

    Examples:
      | which                                   | before                                                       |
      | an access token the server never issued | a client has obtained a valid access token                   |
      | the expired access token                | a client has obtained an access token that has since expired |

  @rule:resource-invalid-token-401 @rfc6750-3.1 @medmij-rscint-39 @should @resource @profile:any @clock
  Scenario Outline: The resource endpoint refuses <which> with 401 and error invalid_token
    RFC 6750 §3.1: "invalid_token The access token provided is expired, revoked, malformed, or
    invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status
    code."
    Given <before>
    When the client requests the resource with <which>
    Then the resource endpoint answers with HTTP 401 and error invalid_token

    Examples:
      | which                                   | before                                                       |
      | an access token the server never issued | a client has obtained a valid access token                   |
      | the expired access token                | a client has obtained an access token that has since expired |

  # A UserInfo endpoint (oidc) may call a client_credentials token "invalid
  # for other reasons" and answer 401 invalid_token: a refusal with a
  # challenge, so it passes; only the SHOULD below asks for 403.
  @rule:resource-insufficient-scope @rfc6750-3 @medmij-rscint-40 @must @resource @profile:any
  Scenario: A valid access token without the data service's scope is refused with a Bearer challenge
    RFC 6750 §3: "If the protected resource request does not include authentication credentials or
    does not contain an access token that enables access to the protected resource, the resource
    server MUST include the HTTP "WWW-Authenticate" response header field"
    Given the second client has obtained an access token with the client credentials grant
    When the client requests the resource with the access token in the Authorization header
    Then the resource endpoint refuses with a Bearer challenge

  @rule:resource-insufficient-scope-403 @rfc6750-3.1 @medmij-rscint-40 @should @resource @profile:any
  Scenario: A valid access token without the data service's scope is refused with 403 and error insufficient_scope
    RFC 6750 §3.1: "insufficient_scope The request requires higher privileges than provided by the
    access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code"
    Given the second client has obtained an access token with the client credentials grant
    When the client requests the resource with the access token in the Authorization header
    Then the resource endpoint answers with HTTP 403 and error insufficient_scope

  @rule:resource-malformed-credential @rfc6750-3.1 @rfc6750-2.1 @should @resource @profile:any
  Scenario Outline: A request with <what> is refused with 400 and error invalid_request
    RFC 6750 §3.1: "invalid_request The request is missing a required parameter, includes an
    unsupported parameter or parameter value, repeats the same parameter, uses more than one method
    for including an access token, or is otherwise malformed. The resource server SHOULD respond
    with the HTTP 400 (Bad Request) status code."
    When the client requests the resource with <what>
    Then the resource endpoint answers with HTTP 400
    And the response challenges with the Bearer scheme and error "invalid_request"

    Examples:
      | what                                          |
      | a Bearer credential that is no b64token       |
      | two Authorization headers with a Bearer token |

  # No sentence binds the server: core.rscint.200 and RFC 9700 §4.3.2 bind
  # the client, and RFC 6750 §2.3 lets a resource server support the
  # method. A server that serves the token gets a warning, never a failure.
  @rule:resource-query-token-refused @rfc6750-2.3 @rfc9700-4.3.2 @medmij-core.rscint.200 @medmij-rscint-41 @should @resource @profile:medmij @browser
  Scenario: An access token in the query string is not accepted
    RFC 6750 §2.3: "it SHOULD NOT be used unless it is impossible to transport the access token in
    the "Authorization" request header field or the HTTP request entity-body. Resource servers MAY
    support this method." [the SHOULD NOT binds the client; toets warns a server that serves it]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource with the access token in the query string only
    Then the resource endpoint does not serve the token from the query string

  # RFC 7009 §2.1 also allows "a propagation delay": the resource is asked
  # again for up to 2 seconds while it still serves the revoked token.
  @rule:resource-revoked-token-refused @rfc7009-2.1 @rfc6750-3 @medmij-rscint-39 @must @resource @profile:any @browser
  Scenario: A revoked access token is refused with a Bearer challenge
    RFC 7009 §2.1: "In the next step, the authorization server invalidates the token. The
    invalidation takes place immediately, and the token cannot be used again after the revocation."
    [indicative; toets reads this as MUST]
    RFC 6750 §3: "If the protected resource request does not include authentication credentials or
    does not contain an access token that enables access to the protected resource, the resource
    server MUST include the HTTP "WWW-Authenticate" response header field"
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    And the client has revoked the access token the resource serves
    When the client requests the resource with the revoked access token
    Then the resource endpoint refuses with a Bearer challenge

  @rule:resource-invalid-token-401 @rfc6750-3.1 @medmij-rscint-39 @should @resource @profile:any @browser
  Scenario: A revoked access token is refused with 401 and error invalid_token
    RFC 6750 §3.1: "invalid_token The access token provided is expired, revoked, malformed, or
    invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status
    code."
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    And the client has revoked the access token the resource serves
    When the client requests the resource with the revoked access token
    Then the resource endpoint answers with HTTP 401 and error invalid_token
