Feature: Probe of the login pages for the hostile-server tests
  The code-flow rule of features/authorization/code-flow.feature, alone, so
  the hostile-server tests know exactly which scenario meets each
  misbehaviour of a login page.

  @rule:authz-code-flow @rfc6749-4.1.2 @must @authorization @profile:any @browser
  Scenario: After login and consent the code reaches the registered redirect URI with the unchanged state
    Given the primary client starts an authorization request
    When the user with data logs in and approves
    Then the browser is redirected to the client's registered redirect URI
    And the redirect carries an authorization code
    And the redirect carries the unchanged state
