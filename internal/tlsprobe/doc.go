// Package tlsprobe asks a server which TLS versions and cipher suites it
// accepts, by making handshakes with crypto/tls that offer exactly one
// version or one suite, and reads the answers (MedMij core.tls.301-304, the
// NCSC ICT-beveiligingsrichtlijnen voor TLS v2.1).
//
// What crypto/tls can offer is the limit of what is probed: TLS 1.0 to 1.3
// (1.0 and 1.1 only when MinVersion is set explicitly, as here), no SSLv3
// or SSLv2, no DHE or CCM suites, and no TLS False Start (crypto/tls never
// sends application data early, so core.tls.303 cannot be observed with it).
// TLS 1.3 suites are not configurable in crypto/tls; every one of them is in
// the NCSC "goed" set anyway.
package tlsprobe
