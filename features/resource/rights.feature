Feature: A client reaches a person's data only through rights both of them hold
  Seed 000 ("Wie mag welke data inzien?"): every client (koppelpartij) is
  registered with rights, every person has rights of their own, and what a
  client may see of a person is the intersection. A right the person has
  but the client lacks gives the client nothing, and neither does a right
  the client has but the person lacks. RFC 6749 §3.3 lets the server grant
  less scope than requested; RFC 6750 §3.1 refuses a token without the
  right with 403 insufficient_scope. The target file names the rights
  (rights[]: a scope and a resource each) and who holds which
  (clients[].rights, users[].rights); "the second right" is one that one
  client and one person hold and another client and another person do not.

  @seed-000 @rfc6749-3.3 @rfc6750-3.1 @must @resource @profile:any @browser
  Scenario Outline: The client <client> the second right, for the user <user> it, reaches exactly the rights both hold
    Seed 000 (Loket.nl) §Wie mag welke data inzien?: "Per koppelpartij wordt er een client specifiek
    ingericht met bijpassende rechten en rollen. … Een koppelpartij heeft echter nooit zomaar
    toegang tot de volledige data binnen Loket.nl." [a client gets its own rights and never simply
    all data; toets reads this as MUST]
    Given the user <user> the second right has authorized the client <client> the second right for every right
    And the client has redeemed the authorization code
    When the client requests the resource of every right with the access token
    Then the client reaches exactly the rights both the client and the user hold

    @rule:resource-rights-shared
    Examples: both hold the second right
      | client | user |
      | with   | with |

    @rule:resource-rights-one-side
    Examples: only one of them holds the second right
      Seed 000 (Loket.nl) §Wie mag welke data inzien?: "Stel je geeft de gebruiker toegang tot
      verlof, maar de koppelpartij heeft hier geen toegang toe, dan kan de koppelpartij geen verlof
      gegevens ophalen" … "Je geeft de gebruiker minder rechten dan vastgelegd is bij de
      koppelpartij. De gegevens kunnen dan ook niet uitgewisseld worden." [a right only one side
      holds gives no data; toets reads this as MUST]
      | client  | user    |
      | with    | without |
      | without | with    |

    @rule:resource-rights-neither
    Examples: neither holds the second right
      | client  | user    |
      | without | without |
