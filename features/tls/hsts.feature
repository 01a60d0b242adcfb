Feature: The browser-facing pages demand HTTPS for the future (HSTS)
  RFC 6797 §6.1 and §7.1. MedMij has no HSTS rule of its own; its advice
  for the front channel (the authorization endpoint a person's browser
  visits) is best practice, so this is a SHOULD: the page the authorization
  request leads to carries Strict-Transport-Security with a max-age above
  zero, so a browser never again tries that host over plain http.

  @rule:tls-hsts @rfc6797-6.1 @rfc6797-7.1 @should @tls @profile:any
  Scenario: The page of the authorization endpoint carries Strict-Transport-Security
    RFC 6797 §7.1: "When replying to an HTTP request that was conveyed over a secure transport, an
    HSTS Host SHOULD include in its response message an STS header field that MUST satisfy the
    grammar specified above in Section 6.1." [RFC 6797 binds an HSTS Host, and nothing asks a host to
    become one: best practice, toets reads this as SHOULD]
    Given the primary client starts an authorization request
    When the authorization request is sent
    Then the page is served with a Strict-Transport-Security header with a positive max-age
