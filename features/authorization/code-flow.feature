Feature: The authorization code flow at the authorization interface
  RFC 6749 §4.1.1 and §4.1.2; MedMij authorization interface (core.authint.200).
  A person logs in at the authorization server in a real browser, agrees, and
  is sent back to the client with an authorization code and the client's state.

  @rule:authz-code-flow @rfc6749-4.1.2 @medmij-core.authint.200 @must @authorization @profile:any @browser
  Scenario: After login and consent the code reaches the registered redirect URI with the unchanged state
    RFC 6749 §4.1.2: "If the resource owner grants the access request, the authorization server
    issues an authorization code and delivers it to the client by adding the following parameters to
    the query component of the redirection URI … code REQUIRED. … state REQUIRED if the "state"
    parameter was present in the client authorization request. The exact value received from the
    client."
    Given the primary client starts an authorization request
    When the user with data logs in and approves
    Then the browser is redirected to the client's registered redirect URI
    And the redirect carries an authorization code
    And the redirect carries the unchanged state
