Feature: The login and consent pages are protected against framing and eavesdropping
  RFC 6749 §10.13 and RFC 9700 §4.16 (clickjacking): the authorization server
  keeps other sites from framing its login and consent pages, with
  X-Frame-Options (RFC 7034) or the Content-Security-Policy directive
  frame-ancestors. RFC 9700 makes preventing clickjacking a MUST but lets
  the server choose how (JavaScript frame-busting counts too); toets can
  only read the headers, so a page without them is a warning, not a
  failure. RFC 6749 §3.1 and §10.3:
  the authorization endpoint, and what the person types there, travel over
  TLS.

  @rule:authz-login-page-framing @rfc6749-10.13 @rfc9700-4.16 @should @authorization @profile:any
  Scenario: The login page forbids framing by other sites
    RFC 9700 §4.16: "Authorization servers MUST prevent clickjacking attacks. … In addition to
    those, authorization servers SHOULD also use Content Security Policy (CSP) level 2 [W3C.CSP-2]
    or greater."
    Given the primary client starts an authorization request
    When the authorization request is sent
    Then the login page forbids framing by other sites

  @rule:authz-login-page-tls @rfc6749-3.1 @rfc6749-10.3 @must @authorization @profile:any
  Scenario: The login page and the form that takes the password use TLS
    RFC 6749 §3.1: "Since requests to the authorization endpoint result in user authentication and
    the transmission of clear-text credentials (in the HTTP response), the authorization server MUST
    require the use of TLS as described in Section 1.6 when sending requests to the authorization
    endpoint."
    Given the primary client starts an authorization request
    When the authorization request is sent
    Then the login page and the form on it use TLS

  @rule:authz-consent-page-framing @rfc6749-10.13 @rfc9700-4.16 @should @authorization @profile:any @browser
  Scenario: The consent page forbids framing by other sites
    RFC 9700 §4.16: "Authorization servers MUST prevent clickjacking attacks. … In addition to
    those, authorization servers SHOULD also use Content Security Policy (CSP) level 2 [W3C.CSP-2]
    or greater."
    Given the primary client starts an authorization request
    When the user with data logs in and sees the consent question
    Then the page the user sees forbids framing by other sites
