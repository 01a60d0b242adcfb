Feature: Requests from an unknown client or for an unregistered redirect URI are not redirected
  RFC 6749 §3.1.2, §3.1.2.3, §4.1.2.1 and §10.15 (open redirectors); MedMij
  technische-storing-core and the recommended mapping A1 and A2. While the
  authorization server cannot tell that the client and the redirect URI belong
  together, it must not send the person anywhere: it shows an error page,
  without a way back to the client.

  @rule:authz-unknown-client @rfc6749-4.1.2.1 @medmij-technische-storing-core @must @authorization @profile:any
  Scenario Outline: A request whose client_id is <situation> gets an error page and no redirect
    Given the primary client starts an authorization request
    And the request's client_id parameter is <situation>
    When the authorization request is sent
    Then the server does not redirect to the client
    And the server shows an error page without a link back to the client

    Examples:
      | situation         |
      | missing           |
      | an unknown client |

  @rule:authz-unknown-client @rfc6749-4.1.2.1 @medmij-technische-storing-core @must @authorization @profile:any @browser
  Scenario: A person sent with an unknown client_id stays at the authorization server and sees no way back
    Given the primary client starts an authorization request
    And the request's client_id parameter is an unknown client
    When the user's browser opens the authorization request
    Then the browser stays at the authorization server
    And the page the user sees has no link back to the client

  @rule:authz-redirect-uri-registered @rfc6749-3.1.2.3 @rfc6749-4.1.2.1 @rfc6749-10.15 @medmij-technische-storing-core @must @authorization @profile:any
  Scenario Outline: A redirect_uri that differs from the registered one (<change>) gets an error page and no redirect
    Given the primary client starts an authorization request
    And the request's redirect_uri parameter is <change>
    When the authorization request is sent
    Then the server does not redirect to the client
    And the server shows an error page without a link back to the client

    Examples:
      | change                     |
      | on another host            |
      | on another path            |
      | with an extra query        |
      | with a fragment            |
      | over http instead of https |

  @rule:authz-redirect-uri-required @medmij-core.authint.200 @rfc6749-4.1.2.1 @must @authorization @profile:medmij
  Scenario: A request without redirect_uri gets an error page and no redirect
    Given the primary client starts an authorization request
    And the request's redirect_uri parameter is missing
    When the authorization request is sent
    Then the server does not redirect to the client
    And the server shows an error page without a link back to the client
