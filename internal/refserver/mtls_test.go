package refserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// mtlsPost redeems an unknown code as the tls_client_auth client over the
// back channel, presenting certs, and returns the status and error code.
func mtlsPost(t *testing.T, s *Server, certs []tls.Certificate) (int, string) {
	t.Helper()
	d := s.Description()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(d.CACertPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: certs}}}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {"never-issued"}, "redirect_uri": {"https://" + mtlsClientID + "/callback"}, "client_id": {mtlsClientID}}
	resp, err := client.Post(d.BackChannel+"/oauth/token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Error string }
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Error
}

// registeredCert is the tls_client_auth client's own certificate.
func registeredCert(t *testing.T, s *Server) []tls.Certificate {
	d := s.Description()
	c, err := tls.X509KeyPair(d.ClientCertPEM, d.ClientKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return []tls.Certificate{c}
}

// impostorCert is self-signed, with the registered certificate's subject.
func impostorCert(t *testing.T, s *Server) []tls.Certificate {
	real, _ := x509.ParseCertificate(registeredCert(t, s)[0].Certificate[0])
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: real.Subject, NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	return []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}
}

func noCert(*testing.T, *Server) []tls.Certificate { return nil }

func TestMutualTLS(t *testing.T) {
	registered, selfSigned, none := registeredCert, impostorCert, noCert
	tests := []struct {
		name   string
		fault  string
		certs  func(*testing.T, *Server) []tls.Certificate
		status int
		code   string
	}{
		{"registered certificate", "", registered, 400, "invalid_grant"},
		{"no certificate", "", none, 401, "invalid_client"},
		{"self-signed impostor", "", selfSigned, 401, "invalid_client"},
		{"fault: registered refused", "mtls-cert-refused", registered, 401, "invalid_client"},
		{"fault: no certificate", "mtls-no-cert-accepted", none, 400, "invalid_grant"},
		{"fault: any certificate", "mtls-any-cert-accepted", selfSigned, 400, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var faults []string
			if tt.fault != "" {
				faults = []string{tt.fault}
			}
			s, err := Start(Options{Faults: faults})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			status, code := mtlsPost(t, s, tt.certs(t, s))
			if status != tt.status || code != tt.code {
				t.Fatalf("got %d %s, want %d %s", status, code, tt.status, tt.code)
			}
		})
	}
}
