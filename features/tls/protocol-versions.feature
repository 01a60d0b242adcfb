Feature: TLS versions: 1.2 supported, 1.3 preferred, nothing older
  MedMij core.tls.301, core.tls.302 (invulling) and core.tls.304, with the
  NCSC ICT-beveiligingsrichtlijnen voor TLS v2.1: every participant
  supports TLS 1.2, supports TLS 1.3 where it reasonably can, negotiates
  the highest version both sides support, and refuses SSLv3, TLS 1.0 and
  TLS 1.1. Every HTTPS endpoint the target file and its metadata name is
  tried. SSLv3 cannot be offered (the Go TLS stack has none) and TLS False
  Start (core.tls.303) cannot be observed with it: neither is tested here.

  @rule:tls-1.2-supported @medmij-core.tls.302 @must @tls @profile:medmij
  Scenario: Every endpoint completes a handshake that offers only TLS 1.2
    When toets connects to every HTTPS endpoint of the target offering only TLS 1.2
    Then every endpoint completes the handshake with TLS 1.2

  @rule:tls-highest-version @medmij-core.tls.304 @medmij-core.tls.302 @must @tls @profile:medmij
  Scenario: Every endpoint chooses TLS 1.3 when the client offers TLS 1.2 and TLS 1.3
    When toets connects to every HTTPS endpoint of the target offering TLS 1.2 and TLS 1.3
    Then every endpoint completes the handshake with TLS 1.3

  @rule:tls-old-versions-refused @medmij-core.tls.301 @ncsc-tls-2.1 @must @tls @profile:medmij
  Scenario Outline: Every endpoint refuses a handshake that offers only <version>
    When toets connects to every HTTPS endpoint of the target offering only <version>
    Then every endpoint refuses every such handshake

    Examples:
      | version |
      | TLS 1.0 |
      | TLS 1.1 |
