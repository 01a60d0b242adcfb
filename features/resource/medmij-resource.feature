Feature: The MedMij resource interface: errors as FHIR, tracing headers, the person from the token
  MedMij resource interface core.rscint.201 (tracing headers) and
  core.rscint.203 (no BSN: the token is the only patient context); the
  late variant of the availability check ("Verantwoordelijkheden Zorg",
  seed 002), which belongs here and not at the token interface; Nictiz
  FHIR error handling examples (MM-3096: 401 and 403 carry an
  OperationOutcome with issue.code security).

  @rule:resource-operation-outcome @medmij-rscint-38 @medmij-rscint-40 @should @resource @profile:medmij
  Scenario Outline: A refusal with HTTP <status> carries a FHIR OperationOutcome with issue code security
    Nictiz FHIR §MM-3096 error handling examples (English summary, medmij-rules.md §4): "Not
    authorized": HTTP 401 with an OperationOutcome, issue.code = security; "Invalid authorization":
    HTTP 403 with an OperationOutcome, issue.code = security [non-normative examples, no "moet"
    in them; toets reads them as SHOULD until a MedMij/Nictiz rule text says "moet"]
    When the client requests the resource <how>
    Then the resource endpoint answers with HTTP <status>
    And the response body is a FHIR OperationOutcome with issue code security

    Examples:
      | how                                                         | status |
      | without an access token                                     | 401    |
      | with a token of the second client that lacks the data scope | 403    |

  @rule:resource-tracing-headers @medmij-core.rscint.201 @medmij-rscint-45 @must @resource @profile:medmij @browser
  Scenario: A request with the MedMij tracing headers is served
    MedMij afsprakenstelsel §core.rscint.201: "De OAuth Client voegt bij het versturen van een
    resource request twee HTTP Header Fields toe, de eerste met de naam MedMij-Request-ID, de tweede
    met de naam X-correlation-ID." [the client MUST add them; that the server serves such a request:
    toets reads this as MUST]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource with the MedMij tracing headers
    Then the resource endpoint answers with HTTP 200
    And the response is a FHIR Bundle with the data of the user

  @rule:resource-person-from-token-only @medmij-core.rscint.203 @medmij-rscint-43 @must @resource @profile:medmij @browser
  Scenario: A patient or BSN parameter naming another person does not reach that person's data
    MedMij afsprakenstelsel §core.rscint.203: "Voor zover er in het verkeer tussen DVP Server en
    Resource Server … sprake is, in de stuurgegevens, van een gegevenselement dat tot de identiteit
    van de Persoon herleid kan worden, gebruiken zij daarvoor niets anders dan de OAuth-gegevens"
    [they MUST use nothing but the OAuth data to identify the person]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource naming another person as patient and by BSN
    Then the response is a FHIR Bundle with the data of the user

  @rule:resource-late-availability @seed-002 @medmij-rscint-44 @medmij-rfc0015 @must @resource @profile:medmij @browser
  Scenario: A person whose data turns out to be unavailable after consent is refused at the resource interface
    Seed 002 (MedMij RFC0015) §Oplossingsrichting: "De oplossing is daarmee om het instaan voor deze
    voorwaarden alleen toe te staan op: het authorization interface en het resource interface, voor
    UC(I) Verzamelen" [the availability checks are allowed only at the authorization and the
    resource interface: MUST NOT elsewhere]
    Given the user with data only at the early availability check has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource with the access token in the Authorization header
    Then the resource endpoint refuses the data with HTTP 403 or answers with an empty FHIR Bundle

  # The answer is timed from the recorded exchange. toets waits at most
  # --request-timeout for any response (10 s by default), so a server
  # slower than that fails the request itself; raise the flag above 60 s to
  # judge this rule alone.
  @rule:resource-answer-time @medmij-core.rscint.202 @medmij-rscint-42 @should @resource @profile:medmij @browser
  Scenario: The resource server answers within 60 seconds
    MedMij afsprakenstelsel §core.rscint.202: "Na ontvangst van een resource request … zal de
    Resource Server … na maximaal zestig (60) seconden dit resource response ter beschikking stellen
    aan de DVP Server. Dit gedrag van de Resource Server is gedurende minimaal 98,5% van de tijd
    beschikbaar." [the RS answers within 60 seconds, at least 98.5% of
    the time: one slow answer cannot refute that, so toets reads a single sample as SHOULD]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource with the access token in the Authorization header
    Then the resource endpoint answers with HTTP 200
    And the resource endpoint answered within 60 seconds
