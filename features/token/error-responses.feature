Feature: Token-interface errors speak RFC 6749 §5.2
  RFC 6749 §5.2; MedMij RFC0015 (seed 002): the token interface answers every
  exception with one of the §5.2 error codes. access_denied belongs to the
  authorization interface and is never an answer of the token interface.

  @rule:token-error-rfc0015 @rfc6749-5.2 @medmij-rfc0015 @seed-002 @must @token @profile:any
  Scenario: A token request with an invalid code is refused with invalid_grant, never access_denied
    Seed 002 (MedMij RFC0015) §Aanpassen in sectie Token interface: "Authorization Server informeert
    PGO Server over deze uitzondering … met de conform OAuth 2.0-specificatie, par. 5.2,
    toepasselijke error code" [the AS MUST answer with the error code that applies per OAuth 2.0
    §5.2]
    RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following: …
    invalid_grant The provided authorization grant … is invalid, expired, revoked, does not match
    the redirection URI used in the authorization request, or was issued to another client."
    When the primary client redeems an authorization code that the server never issued
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is "invalid_grant"
    And the error is an RFC 6749 §5.2 code and not access_denied

  @rule:token-error-format @rfc6749-5.2 @medmij-rfc0015 @seed-002 @must @token @profile:any
  Scenario: Every token error is a JSON object with a §5.2 code and a description in the allowed characters
    RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following: …" and
    "Values for the "error_description" parameter MUST NOT include characters outside the set
    %x20-21 / %x23-5B / %x5D-7E."
    When the primary client sends a token request with an unknown grant type
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the error is an RFC 6749 §5.2 code and not access_denied

  # RFC 6749 §5.2 asks nothing of the caching of an error: §5.1's MUST
  # covers "any response containing tokens, credentials, or other sensitive
  # information", and an error holds none. The demand on errors is MedMij's
  # as toets reads it: medmij-rules.md lists Cache-Control: no-store among
  # the token-error rules of core.tknint.207/RFC0015 and in its list of
  # token checks ("Error and success responses are not cacheable"), but
  # both are marked [I], an inference not found in a MedMij text, and its
  # security section treats no-store on token responses as best practice.
  # Hence a SHOULD, and for Cache-Control only: no source asks Pragma of an
  # error.
  @rule:token-error-no-store @medmij-core.tknint.207 @rfc6749-5.1 @should @token @profile:medmij
  Scenario: A token error may not be stored by caches
    RFC 6749 §5.1: "The authorization server MUST include the HTTP "Cache-Control" response header
    field [RFC2616] with a value of "no-store" in any response containing tokens, credentials, or
    other sensitive information" [an error holds none of these; that errors are not cached is MedMij
    practice as medmij-rules.md infers it: toets reads this as SHOULD]
    When the primary client sends a token request with an unknown grant type
    Then the token endpoint answers with HTTP 400 and a JSON body
    And the response forbids caching with Cache-Control no-store

  Scenario Outline: A token request <situation> is refused with <error>
    When the <client> client sends a token request <situation>
    Then the token endpoint answers with HTTP <status> and a JSON body
    And the error is "<error>"
    And the error is an RFC 6749 §5.2 code and not access_denied

    @rule:token-invalid-request @rfc6749-5.2 @rfc6749-4.1.3 @medmij-core.tknint.205 @must @token @profile:any
    Examples: a required parameter is missing
      RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following:
      invalid_request The request is missing a required parameter, includes an unsupported parameter
      value (other than grant type), repeats a parameter, includes multiple credentials, utilizes
      more than one mechanism for authenticating the client, or is otherwise malformed."
      | situation            | client  | status | error           |
      | without grant_type   | primary | 400    | invalid_request |
      | without code         | primary | 400    | invalid_request |

    @rule:token-invalid-client @rfc6749-5.2 @rfc6749-2.3.1 @must @token @profile:any
    Examples: the client fails authentication with the Authorization header
      RFC 6749 §5.2: "invalid_client Client authentication failed (e.g., unknown client, no client
      authentication included, or unsupported authentication method). … If the client attempted to
      authenticate via the "Authorization" request header field, the authorization server MUST
      respond with an HTTP 401 (Unauthorized) status code and include the "WWW-Authenticate"
      response header field matching the authentication scheme used by the client."
      | situation                              | client  | status | error          |
      | with a wrong client secret             | primary | 401    | invalid_client |
      | as an unknown client                   | primary | 401    | invalid_client |

    @rule:token-unsupported-grant-type @rfc6749-5.2 @must @token @profile:any
    Examples: the grant type is unknown
      RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following: …
      unsupported_grant_type The authorization grant type is not supported by the authorization
      server."
      | situation                  | client  | status | error                  |
      | with an unknown grant type | primary | 400    | unsupported_grant_type |

  # Which scopes a client may have for itself is a matter of its
  # registration in general (RFC 6749 §3.3, §4.4.2); in MedMij the data
  # service's scope stands for a person's data and is granted only with
  # that person's consent, so a client acting for itself exceeds it. MedMij
  # uses only the authorization code flow (core.rollen.206): a server
  # without client_credentials (unsupported_grant_type) or without it for
  # this client (unauthorized_client) refuses just as rightly.
  @rule:token-cc-scope @rfc6749-5.2 @rfc6749-4.4.2 @must @token @profile:medmij
  Scenario: A client_credentials request for the person's data scope is refused
    RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following: …
    invalid_scope The requested scope is invalid, unknown, malformed, or exceeds the scope granted
    by the resource owner. … unauthorized_client The authenticated client is not authorized to use
    this authorization grant type. unsupported_grant_type The authorization grant type is not
    supported by the authorization server."
    When the second client sends a token request with the client_credentials grant for the person's data scope
    Then the token endpoint refuses the person's data scope to the client itself

  # With a code the server never issued, invalid_grant would be as right
  # as invalid_request: the request would break two things. These rules
  # therefore redeem the flow's own code (registered redirect URI, PKCE).
  @rule:token-redirect-uri-required @rfc6749-5.2 @rfc6749-4.1.3 @medmij-core.tknint.205 @must @token @profile:any @browser
  Scenario: Redeeming a real code without the redirect_uri of its authorization request is refused with invalid_request or invalid_grant
    RFC 6749 §4.1.3: "redirect_uri REQUIRED, if the "redirect_uri" parameter was included in the
    authorization request as described in Section 4.1.1, and their values MUST be identical."
    RFC 6749 §5.2: "invalid_request The request is missing a required parameter, …" or
    "invalid_grant The provided authorization grant … does not match the redirection URI used in
    the authorization request" [either reading refuses the request]
    Given the user with data has authorized the primary client
    When the client redeems the authorization code without redirect_uri
    Then the token endpoint refuses the missing redirect_uri with invalid_request or invalid_grant

  @rule:token-params-once @rfc6749-3.2 @rfc6749-5.2 @should @token @profile:any @browser
  Scenario: Redeeming a real code with a parameter sent twice is refused with invalid_request
    RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
    RFC 6749 §5.2: "invalid_request The request … repeats a parameter" [the MUST binds the
    sender; the refusal follows from the invalid_request definition, so toets reads it as SHOULD,
    as for authz-duplicate-params]
    Given the user with data has authorized the primary client
    When the client redeems the authorization code with redirect_uri sent twice
    Then the token endpoint refuses the repeated parameter with invalid_request

  # §5.2 names this very case under invalid_request; a server may also
  # take it as a failed authentication (invalid_client), which after an
  # Authorization header is a 401.
  @rule:token-invalid-client @rfc6749-5.2 @rfc6749-2.3 @must @token @profile:any
  Scenario: A token request with two client authentication methods is refused with invalid_request or invalid_client
    RFC 6749 §5.2: "invalid_request The request is missing a required parameter, includes an
    unsupported parameter value (other than grant type), repeats a parameter, includes multiple
    credentials, utilizes more than one mechanism for authenticating the client, or is otherwise
    malformed. … invalid_client … If the client attempted to authenticate via the "Authorization"
    request header field, the authorization server MUST respond with an HTTP 401 (Unauthorized)
    status code"
    When the primary client sends a token request with two client authentication methods
    Then the token endpoint refuses the two authentication methods with invalid_request or invalid_client

  # Where the metadata's grant_types_supported lists client_credentials,
  # the server has the grant and only unauthorized_client describes the
  # refusal; where the grant is known only from the target file, a server
  # without it rightly answers unsupported_grant_type.
  @rule:token-unauthorized-client @rfc6749-5.2 @rfc6749-4.4 @must @token @profile:any
  Scenario: A client not registered for client_credentials is refused that grant with unauthorized_client
    RFC 6749 §5.2: "error REQUIRED. A single ASCII [USASCII] error code from the following: …
    unauthorized_client The authenticated client is not authorized to use this authorization grant
    type. unsupported_grant_type The authorization grant type is not supported by the authorization
    server."
    When the primary client sends a token request with the client_credentials grant
    Then the token endpoint refuses the client_credentials grant to this client with unauthorized_client

  @rule:token-client-auth-required @rfc6749-3.2.1 @rfc6749-5.2 @must @token @profile:any
  Scenario: A token request without client authentication is refused with invalid_client
    RFC 6749 §4.1.3: "The authorization server MUST: require client authentication for confidential
    clients or for any client that was issued client credentials (or with other authentication
    requirements)"
    RFC 6749 §5.2: "invalid_client Client authentication failed (e.g., unknown client, no client
    authentication included, or unsupported authentication method)."
    When the primary client sends a token request without client authentication
    Then the token endpoint answers with HTTP 400 or 401 and a JSON body
    And the error is "invalid_client"

  @rule:token-invalid-client-challenge @rfc6749-5.2 @rfc9110-11.6.1 @must @token @profile:any
  Scenario: A client that fails Basic authentication is challenged with WWW-Authenticate
    RFC 6749 §5.2: "invalid_client Client authentication failed (e.g., unknown client, no client
    authentication included, or unsupported authentication method). … If the client attempted to
    authenticate via the "Authorization" request header field, the authorization server MUST respond
    with an HTTP 401 (Unauthorized) status code and include the "WWW-Authenticate" response header
    field matching the authentication scheme used by the client."
    When the primary client sends a token request with a wrong client secret
    Then the token endpoint answers with HTTP 401 and a JSON body
    And the error is "invalid_client"
    And the response challenges the client with the scheme it used in WWW-Authenticate
