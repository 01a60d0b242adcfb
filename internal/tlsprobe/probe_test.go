package tlsprobe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"net"
	"testing"
	"time"
)

// serve starts a TLS listener with cfg (a self-signed ECDSA certificate is
// added) that completes handshakes and closes; it returns host:port.
func serve(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Certificates = []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _ = c.(*tls.Conn).Handshake(); c.Close() }()
		}
	}()
	return ln.Addr().String()
}

func TestHandshakeVersions(t *testing.T) {
	strict := serve(t, &tls.Config{MinVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}})
	lax := serve(t, &tls.Config{MinVersion: tls.VersionTLS10, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}})
	only12 := serve(t, &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12})
	ctx := context.Background()
	tests := []struct {
		name        string
		addr        string
		offer       Offer
		established bool
		version     uint16
	}{
		{"1.2 to a strict server", strict, Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12}, true, tls.VersionTLS12},
		{"1.2 and 1.3: the highest wins", strict, Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13}, true, tls.VersionTLS13},
		{"1.2 and 1.3 to a 1.2-only server", only12, Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13}, true, tls.VersionTLS12},
		{"1.0 to a strict server", strict, Offer{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10}, false, 0},
		{"1.1 to a strict server", strict, Offer{MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11}, false, 0},
		{"1.0 to a lax server", lax, Offer{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10}, true, tls.VersionTLS10},
		{"1.1 to a lax server", lax, Offer{MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11}, true, tls.VersionTLS11},
		{"CBC alone to a strict server", strict, Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}}, false, 0},
		{"CBC alone to a lax server", lax, Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}}, true, tls.VersionTLS12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Handshake(ctx, tt.addr, nil, tt.offer)
			if r.DialErr != nil {
				t.Fatalf("dial: %v", r.DialErr)
			}
			if r.Established != tt.established || r.Version != tt.version {
				t.Fatalf("got %s, want established=%v version=%s", r, tt.established, VersionName(tt.version))
			}
		})
	}
}

func TestHandshakeNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := Handshake(context.Background(), addr, nil, Offer{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10})
	if r.DialErr == nil || r.Established {
		t.Fatalf("a closed port must be a dial error, not a refusal: %s", r)
	}
}

func TestVerify(t *testing.T) {
	addr := serve(t, &tls.Config{})
	if err := Verify(context.Background(), addr, &tls.Config{RootCAs: x509.NewCertPool()}); err == nil {
		t.Fatal("an untrusted self-signed certificate passed")
	}
	if err := Verify(context.Background(), addr, &tls.Config{InsecureSkipVerify: true}); err == nil {
		t.Fatal("verification switched off must not pass")
	}
}

func TestWeakSuites(t *testing.T) {
	weak := WeakTLS12Suites()
	if len(weak) == 0 {
		t.Fatal("no weak suites to offer")
	}
	for _, id := range weak {
		if Good(id) {
			t.Errorf("%s is good and weak", tls.CipherSuiteName(id))
		}
	}
	for _, id := range []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA} {
		found := false
		for _, w := range weak {
			found = found || w == id
		}
		if !found {
			t.Errorf("%s is not offered as weak", tls.CipherSuiteName(id))
		}
	}
}

func TestImpostorAndRefusal(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &key.PublicKey, key)
	ca, _ := x509.ParseCertificate(caDER)
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(3), NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"client.example"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	leafTmpl.Subject.CommonName = "client.example"
	leafDER, _ := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, key)
	registered, _ := x509.ParseCertificate(leafDER)
	fake, err := Impostor(registered)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := Leaf(fake)
	if err != nil {
		t.Fatal(err)
	}
	if leaf.Subject.String() != registered.Subject.String() {
		t.Fatalf("subject %s, want %s", leaf.Subject, registered.Subject)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err == nil {
		t.Fatal("the impostor chains to the real CA")
	}

	// A server that requires a certificate from roots refuses the
	// impostor; the refusal is a handshake refusal, a closed port is not.
	addr := serve(t, &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: roots})
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, Certificates: []tls.Certificate{fake}})
	if err == nil {
		_, err = conn.Read(make([]byte, 1))
		conn.Close()
	}
	if !HandshakeRefused(err) {
		t.Fatalf("not a handshake refusal: %v", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	_, err = tls.Dial("tcp", closed, &tls.Config{})
	if HandshakeRefused(err) {
		t.Fatalf("a closed port counted as a handshake refusal: %v", err)
	}
}
