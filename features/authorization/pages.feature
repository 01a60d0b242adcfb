Feature: The pages a person sees cannot be framed by other sites
  RFC 6749 §10.13 (clickjacking): the authorization server keeps other sites
  from framing its login page, with X-Frame-Options (RFC 7034) or the
  Content-Security-Policy directive frame-ancestors.

  @rule:authz-login-page-framing @rfc6749-10.13 @should @authorization @profile:any
  Scenario: The login page forbids framing by other sites
    Given the primary client starts an authorization request
    When the authorization request is sent
    Then the login page forbids framing by other sites
