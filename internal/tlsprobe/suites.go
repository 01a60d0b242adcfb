package tlsprobe

import "crypto/tls"

// Good reports whether a TLS 1.2 cipher suite is in the NCSC "goed" set
// that MedMij core.tls.301 requires: an ephemeral (EC)DHE key exchange and
// an AEAD cipher, AES-GCM or ChaCha20-Poly1305 (NCSC TLS-richtlijnen v2.1,
// table 4). CBC suites are at most "voldoende", static RSA key exchange,
// 3DES and RC4 are "onvoldoende". TLS 1.3 suites all qualify.
func Good(id uint16) bool {
	switch id {
	case tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
		tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		tls.TLS_AES_128_GCM_SHA256,
		tls.TLS_AES_256_GCM_SHA384,
		tls.TLS_CHACHA20_POLY1305_SHA256:
		return true
	}
	return false
}

// WeakTLS12Suites are the suites crypto/tls can offer in TLS 1.2 that are
// not Good: every one of them must be refused when offered alone.
func WeakTLS12Suites() []uint16 {
	var out []uint16
	all := append(tls.CipherSuites(), tls.InsecureCipherSuites()...)
	for _, s := range all {
		if Good(s.ID) {
			continue
		}
		for _, v := range s.SupportedVersions {
			if v == tls.VersionTLS12 {
				out = append(out, s.ID)
				break
			}
		}
	}
	return out
}
