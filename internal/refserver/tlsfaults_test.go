package refserver

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net/url"
	"strings"
)

// handshake offers versions min..max (and suites, when given) to the
// server's main listener and returns the negotiated version, 0 on refusal.
func handshake(ts *testServer, minV, maxV uint16, suites []uint16) uint16 {
	addr := strings.TrimPrefix(ts.desc.Issuer, "https://")
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MinVersion: minV, MaxVersion: maxV, CipherSuites: suites}) //nolint:gosec // negotiation only
	if err != nil {
		return 0
	}
	defer conn.Close()
	return conn.ConnectionState().Version
}

// frontLeaf is the certificate of the server's main listener.
func frontLeaf(ts *testServer) *x509.Certificate {
	conn, err := tls.Dial("tcp", strings.TrimPrefix(ts.desc.Issuer, "https://"), &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // reads the certificate only
	if err != nil {
		return nil
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0]
}

func init() {
	checks := map[string]func(ts *testServer) bool{
		"query-secret-accepted": func(ts *testServer) bool {
			// The client's real credentials, in the URI only: a server that
			// honours them gets as far as the unknown code (invalid_grant).
			c := ts.primary()
			query := url.Values{"client_id": {c.ID}, "client_secret": {c.Secret}}.Encode()
			resp := ts.post("/oauth/token?"+query, url.Values{"grant_type": {"authorization_code"}, "code": {"x"}, "redirect_uri": {c.RedirectURI}}, nil)
			return resp.status == 400 && resp.json(ts.t)["error"] == "invalid_request"
		},
		"mtls-cert-refused": func(ts *testServer) bool {
			_, code := mtlsPost(ts.t, ts.srv, registeredCert(ts.t, ts.srv))
			return code == "invalid_grant"
		},
		"mtls-no-cert-accepted": func(ts *testServer) bool {
			_, code := mtlsPost(ts.t, ts.srv, noCert(ts.t, ts.srv))
			return code == "invalid_client"
		},
		"mtls-any-cert-accepted": func(ts *testServer) bool {
			_, code := mtlsPost(ts.t, ts.srv, impostorCert(ts.t, ts.srv))
			return code == "invalid_client"
		},
		"front-cert-wildcard": func(ts *testServer) bool {
			leaf := frontLeaf(ts)
			return leaf != nil && len(leaf.DNSNames) == 0
		},
		"front-cert-dv": func(ts *testServer) bool {
			leaf := frontLeaf(ts)
			return leaf != nil && len(leaf.Policies) == 1 && leaf.Policies[0].Equal(ovPolicy)
		},
		"back-channel-foreign-root": func(ts *testServer) bool {
			conn, err := tls.Dial("tcp", strings.TrimPrefix(ts.desc.BackChannel, "https://"), &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // reads the certificate only
			if err != nil {
				return false
			}
			defer conn.Close()
			front := frontLeaf(ts)
			return front != nil && bytes.Equal(conn.ConnectionState().PeerCertificates[0].AuthorityKeyId, front.AuthorityKeyId)
		},
		"tls-cert-wrong-host": func(ts *testServer) bool {
			addr := strings.TrimPrefix(ts.desc.BackChannel, "https://")
			conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // reads the certificate only
			if err != nil {
				return false
			}
			defer conn.Close()
			return conn.ConnectionState().PeerCertificates[0].VerifyHostname("127.0.0.1") == nil
		},
		"tls12-refused": func(ts *testServer) bool {
			return handshake(ts, tls.VersionTLS12, tls.VersionTLS12, nil) == tls.VersionTLS12
		},
		"tls13-disabled": func(ts *testServer) bool {
			return handshake(ts, tls.VersionTLS12, tls.VersionTLS13, nil) == tls.VersionTLS13
		},
		"tls10-accepted": func(ts *testServer) bool {
			return handshake(ts, tls.VersionTLS10, tls.VersionTLS10, nil) == 0
		},
		"weak-cipher-accepted": func(ts *testServer) bool {
			return handshake(ts, tls.VersionTLS12, tls.VersionTLS12, []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}) == 0
		},
		"hsts-missing": func(ts *testServer) bool {
			return ts.authorize(ts.authorizeQuery(ts.primary())).header.Get("Strict-Transport-Security") != ""
		},
	}
	for name, check := range checks {
		faultTests[name] = check
	}
}
