Feature: Every endpoint proves its identity with a certificate that verifies
  RFC 9110 §4.3.4 (https: the client verifies that the certificate is valid
  for the host it asked for, RFC 6125 / RFC 9525), RFC 6749 §1.6 and §3.1
  (the endpoints are protected by TLS) and MedMij core.tls.300 (TLS on all
  traffic). Every HTTPS endpoint the target file and its metadata name is
  checked with a normal handshake: the chain must lead to a root the target
  file trusts (its CA bundle, or the system's roots), be within its validity
  period and name the host. A target file that switches verification off
  (tls.insecure_skip_verify) cannot have this rule judged: that is reported
  as a configuration error, not as a pass.

  @rule:tls-certificate-valid @rfc9110-4.3.4 @rfc6125-6 @rfc6749-1.6 @medmij-core.tls.300 @must @tls @profile:any
  Scenario: Every HTTPS endpoint presents a certificate chain that verifies and names its host
    RFC 6749 §3.2: "the authorization server MUST require the use of TLS as described in Section 1.6
    when sending requests to the token endpoint."
    RFC 9110 §4.3.4: "If the certificate is not valid for the target URI's origin, a user agent MUST
    either obtain specific consent from the user before proceeding … or terminate the connection
    with a bad certificate error."
    When toets verifies the certificate of every HTTPS endpoint of the target
    Then every certificate verifies for its host

  # MedMij AF-1273 (medmij-rules.md §5, confirmed): the browser-facing
  # endpoints use publicly trusted OV certificates and no wildcard
  # certificates, since PKIoverheid stopped issuing public ones. It is
  # advice, hence a SHOULD. "Publicly trusted" depends on the browser's
  # root store, not on the server; toets reads what the certificate
  # itself says: the CA/Browser Forum OV policy and its names.
  @rule:tls-front-channel-certificate @medmij-af-1273 @cabf-br-7.1.6.1 @should @tls @profile:medmij
  Scenario: The authorization endpoint's certificate is an OV certificate without wildcard names
    MedMij AF-1273 §advies certificaten front channel (English summary, medmij-rules.md §5):
    "publicly trusted OV certificates, and no wildcard certificates" [advice: SHOULD]
    When toets reads the certificate of the authorization endpoint
    Then the certificate carries the OV policy and no wildcard name

  # MedMij core.tls.314 (medmij-rules.md §3, confirmed): on the back channel
  # (PGO node to ZA node: the token, introspection, revocation and resource
  # endpoints) the certificates are PKIoverheid G1 certificates, under the
  # Staat der Nederlanden Private Root CA - G1. The target file names that
  # root (tls.back_channel_roots); a back channel whose chain ends at a
  # public root, which a browser would accept, fails here.
  @rule:tls-back-channel-root @medmij-core.tls.314 @should @tls @profile:medmij
  Scenario: Every back-channel endpoint presents a certificate under the MedMij back-channel root
    MedMij afsprakenstelsel §core.tls.314: "Voor authenticatie en autorisatie bij
    backchannel-verkeer op het MedMij-netwerk, kunnen elke PGO Node, elke ZA Node en de MedMij
    Stelselnode een PKIoverheid-certificaat overleggen, en wel een G1-certificaat van een
    PKIoverheid TSP" [every node can ("kunnen") present a PKIoverheid G1 certificate; the MUST was
    read from the public-EV exception that ended on 4 Dec 2022 (MO-72), not from a normative "moet"
    text: toets reads this as SHOULD until such a text is quoted]
    When toets reads the certificate chain of every back-channel endpoint
    Then every chain ends at a root of the target file's back_channel_roots
