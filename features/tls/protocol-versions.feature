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
    MedMij afsprakenstelsel §core.tls.302 invulling (English summary, medmij-rules.md §5): "TLS 1.2
    must be supported by every participant" [MUST]
    When toets connects to every HTTPS endpoint of the target offering only TLS 1.2
    Then every endpoint completes the handshake with TLS 1.2

  @rule:tls-highest-version @medmij-core.tls.304 @medmij-core.tls.302 @should @tls @profile:medmij
  Scenario: Every endpoint chooses TLS 1.3 when the client offers TLS 1.2 and TLS 1.3
    MedMij afsprakenstelsel §core.tls.304 (English summary, medmij-rules.md §5): "the highest TLS
    version both parties support must be chosen" and §core.tls.302 invulling: "TLS 1.3 must be
    supported if reasonably possible" [an endpoint without TLS 1.3 may be right
    to choose 1.2, which one handshake cannot tell apart: toets reads this as SHOULD]
    When toets connects to every HTTPS endpoint of the target offering TLS 1.2 and TLS 1.3
    Then every endpoint completes the handshake with TLS 1.3

  @rule:tls-old-versions-refused @medmij-core.tls.301 @ncsc-tls-2.1 @must @tls @profile:medmij
  Scenario Outline: Every endpoint refuses a handshake that offers only <version>
    MedMij afsprakenstelsel §core.tls.301 (English summary, medmij-rules.md §5): "only TLS versions
    and algorithms classed “goed” in the NCSC ICT-beveiligingsrichtlijnen voor TLS v2.1" [MUST; the
    NCSC guidelines class TLS 1.0 and 1.1 below "voldoende"]
    When toets connects to every HTTPS endpoint of the target offering only <version>
    Then every endpoint refuses every such handshake

    Examples:
      | version |
      | TLS 1.0 |
      | TLS 1.1 |
