Feature: The person's credentials go to the authorization server and nowhere else
  RFC 6749 §1.3.1 and RFC 9700 §4.12: the person types the password into
  the authorization server's login page, and it goes no further. Not to
  another host, by the login form's action, a redirect of the login's POST
  or a script's beacon; and not again by a 307 or 308 redirect of the
  login's POST, which makes the browser post the same form, credentials
  included, to wherever the Location points.

  toets's user agents never let it out: once a credential is typed, the
  browser sends no request to a host the target file does not name, and the
  HTTP agent sends nothing to such a host at all. What they stopped is the
  evidence, so a page that tries fails here without the credentials ever
  leaving. A host that is the authorization server's own (a login page or
  an identity provider elsewhere) belongs under browser.hosts in the target
  file; the preflight names such a host before any rule runs.

  @rule:authz-login-credentials-stay @rfc6749-1.3.1 @rfc9700-4.12 @must @authorization @profile:any @browser
  Scenario: The login and consent pages send the person's credentials only to the hosts of the authorization server
    RFC 6749 §1.3.1: "Because the resource owner only authenticates with the authorization server,
    the resource owner's credentials are never shared with the client." [toets reads this as MUST:
    the login and consent pages send the person's credentials only to the hosts of the
    authorization server]
    RFC 9700 §4.12: "This discloses the sensitive credentials to the client. If the client is
    malicious, it can use the credentials to impersonate the user at the authorization server."
    Given the primary client starts an authorization request
    When the user with data logs in and approves
    Then the pages sent nothing to a host the target file does not name

  # Every POST sent after the credentials were typed counts, not only the
  # login form's: §4.12 speaks of a request that "potentially contains" the
  # credentials, and toets cannot tell which form of a page carries them.
  #
  # 307 fails the MUST NOT. 308 (RFC 9110 §15.4.9) keeps the method and the
  # body exactly as 307 does (§15.4.8), so it forwards the credentials just
  # the same; but the MUST NOT names 307 alone, and a verdict must stand on
  # the words of its source. A 308 breaks the sentence after it, the SHOULD
  # that asks for 303, so it is a warning. toets does not hold 302 or 301 to
  # that SHOULD: browsers follow them with a GET, which sends the
  # credentials nowhere, and RFC 6749 §4.1.2 itself redirects with 302.
  Scenario Outline: A POST that may carry the person's credentials is not redirected with <status>
    Given the primary client starts an authorization request
    When the user with data logs in and approves
    Then no POST sent after the login was redirected with <status>

    @rule:authz-login-no-307 @rfc9700-4.12 @rfc9110-15.4.8 @must @authorization @profile:any @browser
    Examples: 307 Temporary Redirect, which the MUST NOT names
      RFC 9700 §4.12: "Authorization servers that redirect a request that potentially contains the
      user's credentials therefore MUST NOT use the HTTP 307 status code for redirection."
      | status |
      | 307    |

    @rule:authz-login-no-308 @rfc9700-4.12 @rfc9110-15.4.9 @should @authorization @profile:any @browser
    Examples: 308 Permanent Redirect, which repeats the POST as 307 does
      RFC 9700 §4.12: "If an HTTP redirection (and not, for example, JavaScript) is used for such a
      request, the authorization server SHOULD use HTTP status code 303 (See Other)."
      | status |
      | 308    |
