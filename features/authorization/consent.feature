Feature: The person's answer reaches the client, and tells it no more than it may know
  RFC 6749 §4.1.2.1; MedMij Autoriseren exceptions 1 and 2, core.usrint.101
  and core.usrint.102, and the recommended mapping A6 and A8; ID-porten
  "brukerstyrt datadeling" (seed 001). The person logs in and answers the
  consent question in a real browser.

  @rule:authz-deny-access-denied @rfc6749-4.1.2.1 @medmij-autoriseren-2 @must @authorization @profile:any @browser
  Scenario: A person who refuses consent is sent back with access_denied, the state and no code
    Given the primary client starts an authorization request
    When the user with data logs in and denies
    Then the client is sent back with the error access_denied
    And the redirect carries the unchanged state
    And the redirect carries no authorization code

  @rule:authz-no-data-indistinguishable @medmij-autoriseren-1 @medmij-autoriseren-2 @rfc6749-4.1.2.1 @must @authorization @profile:medmij @browser
  Scenario: The answer for a person without data cannot be told apart from a refusal
    Given the user with data has refused the primary client
    When the primary client starts an authorization request
    And the user without data logs in and approves
    Then the client is sent back with the error access_denied
    And the answer cannot be told apart from the refusal

  @rule:authz-consent-names-client @medmij-core.usrint.102 @must @authorization @profile:medmij @browser
  Scenario: The consent question names the client, the data service and the provider
    Given the primary client starts an authorization request
    When the user with data logs in
    Then the consent question names the client, the data service and the provider

  @rule:authz-login-cancel @medmij-core.usrint.101 @rfc6749-4.1.2.1 @must @authorization @profile:medmij @browser
  Scenario: A person who cancels at the login page is sent back with access_denied and the state
    Given the primary client starts an authorization request
    When the user cancels at the login page
    Then the client is sent back with the error access_denied
    And the redirect carries the unchanged state
    And the redirect carries no authorization code

  @rule:authz-declined-scope-left-out @seed-001 @rfc6749-3.3 @must @authorization @profile:idporten @browser
  Scenario: A scope the person declines is left out of the grant instead of failing the request
    Given the primary client starts an authorization request for the granted and the declinable scope with PKCE
    When the user with data logs in, declines the declinable scope and approves
    And the client has redeemed the authorization code
    Then the granted scope leaves out the declined scope
