Feature: The revocation endpoint makes a token unusable
  RFC 7009 §2.1, §2.2: the authenticated client revokes its token, and the
  answer is 200 also for a token the server does not know (the goal, an
  unusable token, is reached). A server whose metadata names no revocation
  endpoint does not have this rule: it is reported not applicable.

  @rule:revocation-unknown-token @rfc7009-2.2 @must @token @profile:any
  Scenario: Revoking a token the server does not know is answered with 200
    When the second client revokes a token the server never issued
    Then the revocation endpoint answers with HTTP 200
