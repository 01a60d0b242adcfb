Feature: Requests from an unknown client or for an unregistered redirect URI are not redirected
  RFC 6749 §3.1.2, §3.1.2.3, §4.1.2.1 and §10.15 (open redirectors); MedMij
  technische-storing-core and the recommended mapping A1 and A2. While the
  authorization server cannot tell that the client and the redirect URI belong
  together, it must not send the person anywhere, not even after a login:
  that MUST holds in every profile. Telling the person at once, on an error
  page without a way back to the client, is a SHOULD in RFC 6749 §4.1.2.1
  ("SHOULD inform the resource owner of the error") and a MUST in MedMij,
  where technical errors "always abort the flow as fast as possible" (MACM
  general rules) on the technische-storing page without a back link.

  @rule:authz-unknown-client @rfc6749-4.1.2.1 @rfc6749-10.15 @medmij-technische-storing-core @must @authorization @profile:any @browser
  Scenario Outline: A person sent with a client_id that is <situation> never reaches the client, not even after logging in
    RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching redirection
    URI, or if the client identifier is missing or invalid, the authorization server SHOULD inform
    the resource owner of the error and MUST NOT automatically redirect the user-agent to the
    invalid redirection URI."
    Given the primary client starts an authorization request
    And the request's client_id parameter is <situation>
    When the user's browser opens the authorization request
    And the user with data logs in and approves if the server asks
    Then the browser never reaches the client

    Examples:
      | situation         |
      | missing           |
      | an unknown client |

  @rule:authz-redirect-uri-registered @rfc6749-3.1.2.3 @rfc6749-4.1.2.1 @rfc6749-10.15 @rfc9700-2.1 @medmij-technische-storing-core @must @authorization @profile:any @browser
  Scenario Outline: A person sent with a redirect_uri <change> never reaches it, not even after logging in
    RFC 9700 §2.1: "When comparing client redirection URIs against pre-registered URIs,
    authorization servers MUST utilize exact string matching except for port numbers in localhost
    redirection URIs of native apps"
    RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching redirection
    URI, or if the client identifier is missing or invalid, the authorization server SHOULD inform
    the resource owner of the error and MUST NOT automatically redirect the user-agent to the
    invalid redirection URI."
    Given the primary client starts an authorization request
    And the request's redirect_uri parameter is <change>
    When the user's browser opens the authorization request
    And the user with data logs in and approves if the server asks
    Then the browser never reaches the client

    Examples:
      | change                     |
      | on another host            |
      | on another path            |
      | with an extra query        |
      | with a fragment            |
      | over http instead of https |

  @rule:authz-refusal-page @rfc6749-4.1.2.1 @medmij-technische-storing-core @must @authorization @profile:medmij
  Scenario Outline: A request whose <parameter> is <situation> is refused at once, on an error page without a way back
    MedMij afsprakenstelsel §Technische storing, Core: "De knop of link om terug te keren naar de
    PGO mag alleen zichtbaar zijn bij een geldige client_id en redirection_uri. In geval één of
    beide waarden niet of foutief gevuld zijn moet de link verborgen worden (zie RFC 6749)." [the
    link back to the PGO MUST be hidden when client_id or redirect_uri is missing or wrong]
    Given the primary client starts an authorization request
    And the request's <parameter> parameter is <situation>
    When the authorization request is sent
    Then the server does not redirect to the client
    And the server shows an error page without a link back to the client

    Examples:
      | parameter    | situation                  |
      | client_id    | missing                    |
      | client_id    | an unknown client          |
      | redirect_uri | on another host            |
      | redirect_uri | on another path            |
      | redirect_uri | with an extra query        |
      | redirect_uri | with a fragment            |
      | redirect_uri | over http instead of https |

  @rule:authz-refusal-page @rfc6749-4.1.2.1 @medmij-technische-storing-core @must @authorization @profile:medmij @browser
  Scenario: A person sent with an unknown client_id sees the error page at once, without a way back
    MedMij afsprakenstelsel §Technische storing, Core: "De knop of link om terug te keren naar de
    PGO mag alleen zichtbaar zijn bij een geldige client_id en redirection_uri. In geval één of
    beide waarden niet of foutief gevuld zijn moet de link verborgen worden (zie RFC 6749)." [the
    link back to the PGO MUST be hidden when client_id or redirect_uri is missing or wrong]
    Given the primary client starts an authorization request
    And the request's client_id parameter is an unknown client
    When the user's browser opens the authorization request
    Then the page the user sees is an error page, not a login page
    And the page the user sees has no link back to the client

  @rule:authz-refusal-informs @rfc6749-4.1.2.1 @should @authorization @profile:oauth2 @profile:oidc @profile:idporten @profile:acm
  Scenario Outline: A request whose <parameter> is <situation> is answered with a page that tells the person
    RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching redirection
    URI, or if the client identifier is missing or invalid, the authorization server SHOULD inform
    the resource owner of the error"
    Given the primary client starts an authorization request
    And the request's <parameter> parameter is <situation>
    When the authorization request is sent
    Then the server does not redirect to the client
    And the server shows a page that tells the person of the error

    Examples:
      | parameter    | situation         |
      | client_id    | missing           |
      | client_id    | an unknown client |
      | redirect_uri | on another host   |
      | redirect_uri | on another path   |

  @rule:authz-redirect-uri-required @medmij-core.authint.200 @rfc6749-4.1.2.1 @must @authorization @profile:medmij
  Scenario: A request without redirect_uri gets an error page and no redirect
    MedMij afsprakenstelsel §core.authint.200: "De onderstaande parameters in de authorization
    request zijn verplicht en moeten als volgt gevuld worden" [the parameters below are REQUIRED]
    RFC 6749 §4.1.2.1: "If the request fails due to a missing … redirection URI … the authorization
    server … MUST NOT automatically redirect the user-agent to the invalid redirection URI."
    Given the primary client starts an authorization request
    And the request's redirect_uri parameter is missing
    When the authorization request is sent
    Then the server does not redirect to the client
    And the server shows an error page without a link back to the client
