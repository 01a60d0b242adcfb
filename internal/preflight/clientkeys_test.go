package preflight

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/toets/toets/internal/target"
)

func rsaPEM(t *testing.T, bits int) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func TestCheckClientKey(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}))
	tests := []struct {
		name              string
		pem               string
		problem, advice   string
		problems, advices int
	}{
		{"4096-bit RSA", rsaPEM(t, 4096), "", "", 0, 0},
		{"2048-bit RSA: usable, below the recommendation", rsaPEM(t, 2048), "", "4096", 0, 1},
		{"1024-bit RSA: too weak", rsaPEM(t, 1024), "at least 2048", "", 1, 0},
		{"no key", "", "no key", "", 1, 0},
		{"not PEM", "c2VjcmV0", "not an RSA private key", "", 1, 0},
		{"an EC key toets cannot sign RS256 with", ecPEM, "not an RSA private key", "", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, advice := CheckClientKey(tt.pem)
			if len(problems) != tt.problems || len(advice) != tt.advices {
				t.Fatalf("problems %q, advice %q; want %d and %d", problems, advice, tt.problems, tt.advices)
			}
			if tt.problem != "" && !strings.Contains(problems[0], tt.problem) {
				t.Errorf("problem %q does not say %q", problems[0], tt.problem)
			}
			if tt.advice != "" && !strings.Contains(advice[0], tt.advice) {
				t.Errorf("advice %q does not say %q", advice[0], tt.advice)
			}
			for _, p := range append(problems, advice...) {
				if strings.Contains(p, "PRIVATE KEY") || (tt.pem != "" && strings.Contains(p, tt.pem)) {
					t.Errorf("a message quotes the key: %q", p)
				}
			}
		})
	}
}

// TestWeakClientKeyIsAConfigurationProblem: the key is judged even when the
// server cannot be reached, and named as the target file's problem.
func TestWeakClientKeyIsAConfigurationProblem(t *testing.T) {
	f := &target.File{Name: "x", Profile: "acm", Issuer: "https://127.0.0.1:1",
		Clients: []target.Client{
			{ClientID: "jwt-weak", AuthMethod: "private_key_jwt", Secret: target.Secret(rsaPEM(t, 1024)), RedirectURI: "https://c/cb"},
			{ClientID: "jwt-ok", AuthMethod: "private_key_jwt", Secret: target.Secret(rsaPEM(t, 2048)), RedirectURI: "https://c/cb"},
			{ClientID: "basic", AuthMethod: "client_secret_basic", Secret: "s", RedirectURI: "https://c/cb"},
		},
		Users: []target.User{{Username: "u", Password: "p"}}, Scopes: target.Scopes{Granted: "s"}}
	tgt, err := target.Resolve(f, "")
	if err != nil {
		t.Fatal(err)
	}
	r := Check(context.Background(), Options{Target: tgt})
	var keyProblems []Problem
	for _, p := range r.Problems {
		if p.Check == "client_key" {
			keyProblems = append(keyProblems, p)
		}
	}
	if len(keyProblems) != 1 || !strings.Contains(keyProblems[0].Subject, "clients[0]") || !strings.Contains(keyProblems[0].Message, "target file") {
		t.Fatalf("client_key problems %v, want one about clients[0] that blames the target file", keyProblems)
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "4096") {
		t.Errorf("notes %v do not recommend 4096 bits for the 2048-bit key", r.Notes)
	}
}
