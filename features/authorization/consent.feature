Feature: The person's answer reaches the client, and tells it no more than it may know
  RFC 6749 §4.1.2.1; MedMij Autoriseren exceptions 1 and 2, core.usrint.101
  and core.usrint.102, and the recommended mapping A6 and A8; ID-porten
  "brukerstyrt datadeling" (seed 001). The person logs in and answers the
  consent question in a real browser.

  @rule:authz-deny-access-denied @rfc6749-4.1.2.1 @medmij-autoriseren-2 @must @authorization @profile:any @browser
  Scenario: A person who refuses consent is sent back with access_denied, the state and no code
    RFC 6749 §4.1.2.1: "If the resource owner denies the access request … the authorization server
    informs the client by adding the following parameters to the query component of the redirection
    URI … error REQUIRED. … access_denied The resource owner or authorization server denied the
    request."
    RFC 6749 §4.1.2.1: "state REQUIRED if a "state" parameter was present in the client
    authorization request. The exact value received from the client."
    Given the primary client starts an authorization request
    When the user with data logs in and denies
    Then the client is sent back with the error access_denied
    And the redirect carries the unchanged state
    And the redirect carries no authorization code

  @rule:authz-no-data-indistinguishable @medmij-autoriseren-1 @medmij-autoriseren-2 @rfc6749-4.1.2.1 @must @authorization @profile:medmij @browser
  Scenario: The answer for a person without data cannot be told apart from a refusal
    MedMij afsprakenstelsel §Autoriseren, uitzonderingen: "Om te voorkomen dat de Dienstverlener
    persoon informatie over het bestaan van behandelrelaties verkrijgt … moet het onderscheid tussen
    de uitzonderingen 1 en 2 niet te maken zijn door de Dienstverlener persoon." [the DVP MUST NOT
    be able to tell exception 1 (no data) from exception 2 (no consent)]
    Given the user with data has refused the primary client
    When the primary client starts an authorization request
    And the user without data logs in and approves
    Then the client is sent back with the error access_denied
    And the answer cannot be told apart from the refusal

  @rule:authz-consent-names-client @medmij-core.usrint.102 @must @authorization @profile:medmij @browser
  Scenario: The consent question names the client, the data service and the provider
    MedMij afsprakenstelsel §Toestemmingsverklaring (1.x): "De toestemmingsverklaring en de
    toelichting daarop zijn verplichte teksten die de Dienstverlener aanbieder dient voor te leggen
    aan de Persoon" … "U geeft hierbij NaamAanbieder toestemming om NaamGegevensdienst uit te
    wisselen met NaamLeverancierPGO" [the consent statement is a REQUIRED text naming the provider,
    the data service and the PGO]
    Given the primary client starts an authorization request
    When the user with data logs in
    Then the consent question names the client, the data service and the provider

  @rule:authz-login-cancel @medmij-core.usrint.101 @rfc6749-4.1.2.1 @must @authorization @profile:medmij @browser
  Scenario: A person who cancels at the login page is sent back with access_denied and the state
    MedMij afsprakenstelsel §core.usrint.101 (English summary, medmij-rules.md §1, no Dutch text
    seen): the AS shows "a cancel page (after the user aborts authentication)" [toets reads this as
    MUST]
    RFC 6749 §4.1.2.1: "If the resource owner denies the access request … the authorization server
    informs the client by adding the following parameters to the query component of the redirection
    URI … error REQUIRED. … access_denied The resource owner or authorization server denied the
    request."
    Given the primary client starts an authorization request
    When the user cancels at the login page
    Then the client is sent back with the error access_denied
    And the redirect carries the unchanged state
    And the redirect carries no authorization code

  @rule:authz-declined-scope-left-out @seed-001 @rfc6749-3.3 @must @authorization @profile:idporten @browser
  Scenario: A scope the person declines is left out of the grant instead of failing the request
    Seed 001 (ID-porten, brukerstyrt datadeling) §Overordna beskrivelse: "Dersom brukeren ikke
    godtar, vil det aktuelle scopet ikke bli inkludert i access_tokenet" [if the user does not
    accept, that scope is not included in the access token]
    RFC 6749 §3.3: "If the issued access token scope is different from the one requested by the
    client, the authorization server MUST include the "scope" response parameter to inform the
    client of the actual scope granted."
    Given the primary client starts an authorization request for the granted and the declinable scope with PKCE
    When the user with data logs in, declines the declinable scope and approves
    And the client has redeemed the authorization code
    Then the granted scope leaves out the declined scope
