package refserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Mutual TLS client authentication (RFC 8705 §2.1, the PKI method
// tls_client_auth), as MedMij core.tls.314 has the back channel use it: the
// token endpoint is served on a second listener that asks every client for
// a certificate. A client registered with tls_client_auth is authenticated
// by a certificate that chains to the trusted CA and whose subject is the
// one it registered (tls_client_auth_subject_dn, RFC 8705 §2.1.2). Clients
// with secrets or assertions may use the same listener; the certificate
// they present then proves nothing about them.

// mtlsClientID is the client that authenticates by its certificate (in
// the medmij profile only, where the back channel is mutual TLS).
const mtlsClientID = "pgo-four.toets.invalid"

// backChannel is the second listener and what it trusts.
type backChannel struct {
	// url is "https://127.0.0.1:<port>" of the back-channel listener.
	url  string
	http *http.Server
	// roots are the CAs a client certificate must chain to.
	roots *x509.CertPool
	// subjects are the registered subject DNs (RFC 4514 strings) of the
	// tls_client_auth clients, by client id.
	subjects map[string]string
	// certPEM and keyPEM are the tls_client_auth client's certificate and
	// private key, handed to the harness in Description.
	certPEM, keyPEM []byte
}

// startBackChannel listens on another port of ip and serves the same
// routes there with a TLS configuration that requests (not requires) a
// client certificate: a request without one reaches the token endpoint and
// is refused there with invalid_client, which says more than a failed
// handshake. In the medmij profile it registers the tls_client_auth client.
func (s *Server) startBackChannel(ip net.IP, ca *CA, tlsConfig *tls.Config, handler http.Handler) (*backChannel, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return nil, fmt.Errorf("refserver: back-channel listen: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	b := &backChannel{url: "https://" + net.JoinHostPort(ip.String(), strconv.Itoa(port)), roots: x509.NewCertPool(), subjects: map[string]string{}}
	b.roots.AddCert(ca.cert)
	if s.profile == "medmij" {
		cert, key, subject, err := ca.clientCertificate(mtlsClientID)
		if err != nil {
			ln.Close()
			return nil, err
		}
		b.certPEM, b.keyPEM = cert, key
		b.subjects[mtlsClientID] = subject
	}
	cfg := tlsConfig.Clone()
	// The certificate is checked by authenticateCertificate, against the
	// client it claims to be; the handshake only asks for one.
	cfg.ClientAuth = tls.RequestClientCert
	if s.faults.on("back-channel-foreign-root") {
		// A certificate for the right address from another CA: a back
		// channel set up with a public certificate where MedMij asks
		// for one under its private root (core.tls.314).
		other, err := NewCA()
		if err != nil {
			ln.Close()
			return nil, err
		}
		cert, err := other.certificate(&x509.Certificate{Subject: pkix.Name{CommonName: ip.String()}, IPAddresses: []net.IP{ip}})
		if err != nil {
			ln.Close()
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if s.faults.on("tls-cert-wrong-host") {
		// A certificate from the trusted CA, but for another name: the
		// mistake of a second listener or load balancer set up with the
		// wrong certificate, which clients must refuse (RFC 9110 §4.3.4).
		wrong, err := ca.certificate(&x509.Certificate{Subject: pkix.Name{CommonName: "elsewhere.toets.invalid"}, DNSNames: []string{"elsewhere.toets.invalid"}})
		if err != nil {
			ln.Close()
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{wrong}
	}
	b.http = &http.Server{Handler: handler, TLSConfig: cfg, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(discard{}, "", 0)}
	go func() {
		if err := b.http.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("refserver: back channel: %v", err)
		}
	}()
	return b, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// mtlsClients are the tls_client_auth registrations of the medmij profile.
func (s *Server) mtlsClients() []registeredClient {
	if s.profile != "medmij" {
		return nil
	}
	return []registeredClient{{
		Client: Client{
			ID:          mtlsClientID,
			AuthMethod:  "tls_client_auth",
			RedirectURI: "https://" + mtlsClientID + "/callback",
			Name:        "PGO Vier",
			Rights:      []string{dataScope},
		},
		grantTypes: []string{"authorization_code", "refresh_token"},
	}}
}

// authenticateCertificate authenticates a tls_client_auth client by the
// certificate of the TLS connection (RFC 8705 §2.1): it must chain to a
// trusted CA, be meant for client authentication, be valid now, and carry
// the subject the client registered.
func (s *Server) authenticateCertificate(r *http.Request, client registeredClient) (registeredClient, *oauthError) {
	var certs []*x509.Certificate
	if r.TLS != nil {
		certs = r.TLS.PeerCertificates
	}
	if len(certs) == 0 {
		if s.faults.on("mtls-no-cert-accepted") {
			// The fault: the client_id is believed without a certificate.
			return client, nil
		}
		return registeredClient{}, errorf("invalid_client", "client authentication by TLS client certificate (RFC 8705 section 2) needs a certificate on the connection")
	}
	if s.faults.on("mtls-cert-refused") {
		// The fault: certificates are not looked at; only secrets work.
		return registeredClient{}, errorf("invalid_client", "client authentication failed")
	}
	if s.faults.on("mtls-any-cert-accepted") {
		// The fault: any certificate will do, as if its presence proved
		// who the client is.
		return client, nil
	}
	intermediates := x509.NewCertPool()
	for _, c := range certs[1:] {
		intermediates.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{
		Roots: s.back.roots, Intermediates: intermediates, CurrentTime: time.Now(),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	// §2.1.2: the subject DN is compared as a whole, never a part of it.
	want, registered := s.back.subjects[client.ID]
	if err != nil || !registered || certs[0].Subject.String() != want {
		return registeredClient{}, errorf("invalid_client", "the client certificate is not the one registered for this client")
	}
	return client, nil
}

// clientCertificate makes a client certificate for dnsName signed by the
// CA, and returns it and its key in PEM with its subject DN.
func (c *CA) clientCertificate(dnsName string) (certPEM, keyPEM []byte, subject string, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, "", fmt.Errorf("refserver: client key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		// MedMij: the node's hostname is the client_id, in CN and SAN.
		Subject:     pkix.Name{CommonName: dnsName, Organization: []string{"toets test client"}},
		DNSNames:    []string{dnsName},
		NotBefore:   time.Now().Add(-time.Minute),
		NotAfter:    c.cert.NotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, &key.PublicKey, c.key)
	if err != nil {
		return nil, nil, "", fmt.Errorf("refserver: client certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, "", err
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, "", err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		parsed.Subject.String(), nil
}

// tokenEndpoint is where the metadata sends clients for tokens: in the
// medmij profile the mutual-TLS back channel, elsewhere the issuer's host
// (which serves the token endpoint in every profile).
func (s *Server) tokenEndpoint() string {
	if s.profile == "medmij" {
		return s.back.url + "/oauth/token"
	}
	return s.issuer + "/oauth/token"
}
