Feature: The login page is protected against framing and eavesdropping
  RFC 6749 §10.13 (clickjacking): the authorization server keeps other sites
  from framing its login page, with X-Frame-Options (RFC 7034) or the
  Content-Security-Policy directive frame-ancestors. RFC 6749 §3.1 and §10.3:
  the authorization endpoint, and what the person types there, travel over
  TLS.

  @rule:authz-login-page-framing @rfc6749-10.13 @should @authorization @profile:any
  Scenario: The login page forbids framing by other sites
    Given the primary client starts an authorization request
    When the authorization request is sent
    Then the login page forbids framing by other sites

  @rule:authz-login-page-tls @rfc6749-3.1 @rfc6749-10.3 @must @authorization @profile:any
  Scenario: The login page and the form that takes the password use TLS
    Given the primary client starts an authorization request
    When the authorization request is sent
    Then the login page and the form on it use TLS
