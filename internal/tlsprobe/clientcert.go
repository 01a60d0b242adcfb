package tlsprobe

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/big"
	"strings"
	"syscall"
	"time"
)

// Impostor makes a self-signed client certificate with the subject and
// names of registered: what an attacker who knows a client's certificate
// (it is public) but not its key, or a CA's signature, can present. A server
// that matches only the subject DN (RFC 8705 §2.1.2) without validating
// the chain (§2.1) accepts it.
func Impostor(registered *x509.Certificate) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 96))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      registered.Subject,
		DNSNames:     registered.DNSNames,
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// Leaf returns the leaf of a loaded certificate, parsing it if needed.
func Leaf(c tls.Certificate) (*x509.Certificate, error) {
	if c.Leaf != nil {
		return c.Leaf, nil
	}
	if len(c.Certificate) == 0 {
		return nil, errors.New("no certificate")
	}
	return x509.ParseCertificate(c.Certificate[0])
}

// HandshakeRefused tells whether err, from a request over TLS, is the
// server refusing the handshake (a TLS alert it sent, or the connection
// closed or reset during the handshake), as opposed to a timeout, a DNS
// failure or a refused TCP connection, which say nothing about TLS. With
// TLS 1.3 a refused client certificate shows only at the first read, after
// the client considers the handshake done; the alert is the same.
func HandshakeRefused(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return false
	}
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	// crypto/tls reports an alert the server sent as "remote error: tls: ...".
	return strings.Contains(err.Error(), "remote error: tls:")
}
