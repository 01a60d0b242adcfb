Feature: The resource interface serves the person's data to a bearer token
  RFC 6750 §2.1; MedMij resource interface (core.rscint.200, core.rscint.203):
  the client presents the access token in the Authorization header, and the
  person whose data is served is the one the token was issued for.

  @rule:resource-bearer-header @rfc6750-2.1 @must @resource @profile:any @browser
  Scenario: The resource endpoint serves a valid bearer token in the Authorization header
    RFC 6750 §2.1: "Resource servers MUST support this method."
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource with the access token in the Authorization header
    Then the resource endpoint serves the request

  # RFC 6750 says nothing of the body: FHIR and the person from the token
  # are MedMij's.
  @rule:resource-serves-person @medmij-core.rscint.200 @medmij-core.rscint.203 @must @resource @profile:medmij @browser
  Scenario: The resource endpoint answers a valid bearer token with the data of the person who logged in
    MedMij afsprakenstelsel §core.rscint.203: "Voor zover er in het verkeer tussen DVP Server en
    Resource Server … sprake is, in de stuurgegevens, van een gegevenselement dat tot de identiteit
    van de Persoon herleid kan worden, gebruiken zij daarvoor niets anders dan de OAuth-gegevens"
    [they MUST use nothing but the OAuth data to identify the person]
    Given the user with data has authorized the primary client
    And the client has redeemed the authorization code
    When the client requests the resource with the access token in the Authorization header
    Then the response is a FHIR Bundle with the data of the user

  # Seed 004 (ID-porten scope naming): ".write"-style postfixes give write
  # access, no postfix means read only. A token with a read scope that may
  # write is a token with more power than the person consented to. A
  # resource that offers no writing at all has nothing to refuse: not
  # applicable.
  @rule:resource-read-scope-no-write @seed-004 @rfc6750-3.1 @should @resource @profile:idporten @browser
  Scenario: A token with only the read scope cannot write to the resource
    Seed 004 (Digdir, scope naming) §Forslag: "fravær av postfix bør i utgangspunktet tolkes som kun
    lese-tilgang" [no postfix SHOULD in principle be read as read-only access]
    RFC 6750 §3.1: "insufficient_scope The request requires higher privileges than provided by the
    access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code"
    Given the user with data has authorized the primary client with a PKCE challenge
    And the client has redeemed the authorization code
    When the client writes to the resource with the access token, whose scope has no .write postfix
    Then the resource endpoint answers with HTTP 403
    And the response challenges with the Bearer scheme and error "insufficient_scope"
