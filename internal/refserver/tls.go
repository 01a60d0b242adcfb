package refserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// certLifetime is short on purpose: the CA's private key is thrown away
// after Start, and nothing should trust it for longer than a test run.
const certLifetime = 24 * time.Hour

// CA is a throwaway certificate authority that signs reference-server
// certificates. A process that starts many servers (the fault matrix) shares
// one, so a browser started once can be told to trust it.
type CA struct {
	cert *x509.Certificate
	der  []byte
	key  *ecdsa.PrivateKey
}

// NewCA makes a CA valid for certLifetime.
func NewCA() (*CA, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("refserver: CA key: %w", err)
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "toets reference server throwaway CA"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(certLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		// The CA signs server certificates and nothing below them.
		MaxPathLenZero: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("refserver: CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, fmt.Errorf("refserver: CA certificate: %w", err)
	}
	return &CA{cert: ca, der: caDER, key: caKey}, nil
}

// CertPEM is the CA certificate for clients to trust.
func (c *CA) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.der})
}

// The CA/Browser Forum policy identifiers of organisation-validated and
// domain-validated certificates (Baseline Requirements §7.1.6.1). MedMij
// advises OV for the browser-facing endpoints (AF-1273).
var (
	ovPolicy = mustOID(2, 23, 140, 1, 2, 2)
	dvPolicy = mustOID(2, 23, 140, 1, 2, 1)
)

func mustOID(arcs ...uint64) x509.OID {
	oid, err := x509.OIDFromInts(arcs)
	if err != nil {
		panic(err)
	}
	return oid
}

// certShape is what a server certificate claims beyond its address: the
// validation policy and, for a fault, a wildcard name.
type certShape struct {
	policy   x509.OID
	wildcard string
}

// ServerTLS is a TLS configuration with a certificate for ip signed by the
// CA, for other servers of a test run (the independent peers) that the
// same browser and clients must trust.
func (c *CA) ServerTLS(ip net.IP) (*tls.Config, error) {
	return c.serverConfig(ip, certShape{policy: ovPolicy})
}

// serverConfig makes a server certificate for ip signed by the CA and the
// TLS configuration that serves it.
func (c *CA) serverConfig(ip net.IP, shape certShape) (*tls.Config, error) {
	ips := []net.IP{net.IPv4(127, 0, 0, 1)}
	if !ip.Equal(ips[0]) {
		ips = append(ips, ip)
	}
	template := &x509.Certificate{Subject: pkix.Name{CommonName: ip.String()}, IPAddresses: ips, Policies: []x509.OID{shape.policy}}
	if shape.wildcard != "" {
		template.DNSNames = []string{shape.wildcard}
	}
	cert, err := c.certificate(template)
	if err != nil {
		return nil, err
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		// MedMij core.tls.301/302: TLS 1.2 and 1.3 only, and for 1.2 only
		// suites the NCSC guidelines call "goed": ECDHE with an AEAD.
		// (TLS 1.3 suites are not configurable and all qualify.)
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
		},
	}, nil
}

// certificate issues a server certificate for the names of template (its
// Subject, IPAddresses and DNSNames), valid as long as the CA.
func (c *CA) certificate(template *x509.Certificate) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("refserver: server key: %w", err)
	}
	t := *template
	t.SerialNumber = randomSerial()
	t.NotBefore = time.Now().Add(-time.Minute)
	t.NotAfter = c.cert.NotAfter
	t.KeyUsage = x509.KeyUsageDigitalSignature
	t.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	der, err := x509.CreateCertificate(rand.Reader, &t, c.cert, &key.PublicKey, c.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("refserver: server certificate: %w", err)
	}
	// The CA certificate travels with the leaf so that a browser told to
	// trust the CA's public key (Chromium's
	// --ignore-certificate-errors-spki-list) finds it in the chain.
	return tls.Certificate{Certificate: [][]byte{der, c.der}, PrivateKey: key}, nil
}

// randomSerial is a 128-bit serial number (RFC 5280 §4.1.2.2 allows up to
// 20 octets; CA/B Forum asks for at least 64 random bits).
func randomSerial() *big.Int {
	limit := new(big.Int).Lsh(big.NewInt(1), 128)
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		panic("refserver: crypto/rand: " + err.Error())
	}
	return n
}
