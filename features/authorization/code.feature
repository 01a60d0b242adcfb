Feature: The authorization code cannot be guessed
  RFC 6749 §10.10 and RFC 6819 §5.1.4.2.2: the probability of guessing a code
  must be at most 2^-128. toets estimates it from the code's length and
  alphabet, an upper bound: a code can hold less than it looks.

  @rule:authz-code-entropy @rfc6749-10.10 @must @authorization @profile:any @browser
  Scenario: An authorization code holds at least 128 bits of entropy
    Given the user with data has authorized the primary client
    Then the authorization code has at least 128 bits of entropy
