Feature: Only cipher suites the NCSC calls "goed"
  MedMij core.tls.301 with the NCSC ICT-beveiligingsrichtlijnen voor TLS
  v2.1: for TLS 1.2 only an ephemeral ECDHE key exchange with AES-GCM or
  ChaCha20-Poly1305. Each TLS 1.2 suite the Go TLS stack can offer outside
  that set (CBC with SHA-1 or SHA-256, static RSA key exchange, 3DES, RC4)
  is offered alone to every HTTPS endpoint; every endpoint must refuse each.
  TLS 1.3 suites all qualify and are not configurable in the probe.

  @rule:tls-good-cipher-suites @medmij-core.tls.301 @ncsc-tls-2.1 @must @tls @profile:medmij
  Scenario: Every endpoint refuses each cipher suite outside the "goed" set
    MedMij afsprakenstelsel §core.tls.301 (English summary, medmij-rules.md §5): "only TLS versions
    and algorithms classed “goed” in the NCSC ICT-beveiligingsrichtlijnen voor TLS v2.1" [MUST]
    When toets connects to every HTTPS endpoint of the target offering TLS 1.2 with one cipher suite outside the NCSC "goed" set at a time
    Then every endpoint refuses every such handshake
