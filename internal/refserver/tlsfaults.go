package refserver

import (
	"crypto/tls"
	"net/http"
	"slices"
)

// withTLSFaults is the one place where the TLS faults change the
// listener's configuration (built by CA.serverConfig, which follows MedMij
// core.tls.301-304: TLS 1.2 and 1.3, NCSC "goed" suites only).
func (s *Server) withTLSFaults(cfg *tls.Config) *tls.Config {
	cfg = cfg.Clone()
	if s.faults.on("tls12-refused") {
		// The fault: TLS 1.3 only, against core.tls.302 (every participant
		// supports TLS 1.2).
		cfg.MinVersion = tls.VersionTLS13
	}
	if s.faults.on("tls13-disabled") {
		// The fault: TLS 1.3 switched off, so a client offering it gets
		// TLS 1.2, against core.tls.304 (the highest common version).
		cfg.MaxVersion = tls.VersionTLS12
	}
	if s.faults.on("weak-cipher-accepted") {
		// The fault: a CBC suite with SHA-1, NCSC "voldoende" at best,
		// against core.tls.301.
		cfg.CipherSuites = append(slices.Clone(cfg.CipherSuites), tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA)
	}
	if s.faults.on("tls10-accepted") {
		// The fault: a legacy listener for old clients. Only a client that
		// offers nothing newer than TLS 1.1 gets it, so the suites of a
		// TLS 1.2 handshake stay as they are and the fault breaks exactly
		// the rule about old versions (core.tls.301).
		legacy := cfg.Clone()
		legacy.MinVersion = tls.VersionTLS10
		legacy.MaxVersion = tls.VersionTLS11
		// TLS 1.0 and 1.1 have no AEAD suites.
		legacy.CipherSuites = []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}
		cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			if !slices.ContainsFunc(hello.SupportedVersions, func(v uint16) bool { return v >= tls.VersionTLS12 }) {
				return legacy, nil
			}
			return nil, nil
		}
	}
	return cfg
}

// frontCertificate is the shape of the main listener's certificate, the
// one a person's browser sees: OV, for the listener's own address (MedMij
// AF-1273 advice), unless a fault says otherwise.
func frontCertificate(faults faultSet) certShape {
	shape := certShape{policy: ovPolicy}
	if faults.on("front-cert-dv") {
		shape.policy = dvPolicy
	}
	if faults.on("front-cert-wildcard") {
		// A name that covers every host of the domain, as a shared
		// hosting certificate does; the address stays, so it verifies.
		shape.wildcard = "*.toets.invalid"
	}
	return shape
}

// withHSTSFault drops the Strict-Transport-Security header of every
// response when the fault hsts-missing is on (pages.go sets it on every
// page the person sees, RFC 6797 §7.1).
func (s *Server) withHSTSFault(h http.Handler) http.Handler {
	if !s.faults.on("hsts-missing") {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(withoutHSTS{w}, r)
	})
}

// withoutHSTS removes the header just before the status line goes out.
type withoutHSTS struct{ http.ResponseWriter }

func (w withoutHSTS) WriteHeader(status int) {
	w.Header().Del("Strict-Transport-Security")
	w.ResponseWriter.WriteHeader(status)
}

func (w withoutHSTS) Write(b []byte) (int, error) {
	w.Header().Del("Strict-Transport-Security")
	return w.ResponseWriter.Write(b)
}
