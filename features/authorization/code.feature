Feature: The authorization code cannot be guessed
  RFC 6749 §10.10 and RFC 6819 §5.1.4.2.2: the probability of guessing a code
  must be at most 2^-128. toets estimates it from the code's length and
  alphabet, an upper bound: a code can hold less than it looks.

  @rule:authz-code-entropy @rfc6749-10.10 @must @authorization @profile:any @browser
  Scenario: An authorization code holds at least 128 bits of entropy
    RFC 6749 §10.10: "The probability of an attacker guessing generated tokens (and other
    credentials not intended for handling by end-users) MUST be less than or equal to 2^(-128) and
    SHOULD be less than or equal to 2^(-160)."
    Given the user with data has authorized the primary client
    Then the authorization code has at least 128 bits of entropy
