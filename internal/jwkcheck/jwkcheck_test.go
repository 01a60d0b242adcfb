package jwkcheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

func rsaJWK(t *testing.T, bits int, extra map[string]any) map[string]any {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())}
	for name, v := range extra {
		m[name] = v
	}
	return m
}

func set(t *testing.T, keys ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckSet(t *testing.T) {
	good := rsaJWK(t, 2048, nil)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecKey := map[string]any{"kty": "EC", "crv": "P-256", "kid": "e1", "x": base64.RawURLEncoding.EncodeToString(ec.X.Bytes()), "y": base64.RawURLEncoding.EncodeToString(ec.Y.Bytes())}
	tests := []struct {
		name  string
		body  []byte
		check string
		want  int
	}{
		{"a good RSA and EC set", set(t, good, ecKey), "", 0},
		{"private exponent", set(t, rsaJWK(t, 2048, map[string]any{"d": "AQAB", "p": "AQAB"})), PublicOnly, 2},
		{"oct key", set(t, map[string]any{"kty": "oct", "k": "c2VjcmV0", "kid": "s"}), PublicOnly, 2},
		{"1024-bit RSA", set(t, rsaJWK(t, 1024, nil)), Strength, 1},
		{"1024-bit RSA is not also below the recommendation", set(t, rsaJWK(t, 1024, nil)), Recommended, 0},
		{"2048-bit RSA is below the recommendation", set(t, good), Recommended, 1},
		{"4096-bit RSA", set(t, rsaJWK(t, 4096, nil)), Recommended, 0},
		{"secp256k1", set(t, map[string]any{"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"}), Strength, 1},
		{"HS256 label", set(t, rsaJWK(t, 2048, map[string]any{"alg": "HS256"})), Algorithm, 1},
		{"alg none", set(t, rsaJWK(t, 2048, map[string]any{"alg": "none"})), Algorithm, 1},
		{"duplicate kid", set(t, good, rsaJWK(t, 2048, nil)), UniqueKID, 1},
		{"not a set", []byte(`[1,2]`), Syntax, 1},
		{"no keys", []byte(`{}`), Syntax, 1},
		{"EC point not on the curve", set(t, map[string]any{"kty": "EC", "crv": "P-256", "kid": "e2", "x": ecKey["x"], "y": base64.RawURLEncoding.EncodeToString(new(big.Int).Add(ec.Y, big.NewInt(1)).Bytes())}), Syntax, 1},
		{"bad modulus", set(t, map[string]any{"kty": "RSA", "n": "!!", "e": "AQAB"}), Syntax, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := CheckSet(tt.body)
			if tt.check != "" {
				fs = Only(fs, tt.check)
			} else {
				// A good set may still be below the recommendation,
				// a SHOULD of its own.
				fs = slices.DeleteFunc(fs, func(f Finding) bool { return f.Check == Recommended })
			}
			if len(fs) != tt.want {
				t.Fatalf("got %d findings %v, want %d", len(fs), fs, tt.want)
			}
		})
	}
}

func certFor(t *testing.T, key *rsa.PrivateKey, from, to time.Time) string {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "t"}, NotBefore: from, NotAfter: to}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func TestX5C(t *testing.T) {
	now := time.Now()
	k, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	jwk := func(x5c ...string) map[string]any {
		return map[string]any{"kty": "RSA", "kid": "a", "n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()), "e": "AQAB", "x5c": x5c}
	}
	valid := certFor(t, k, now.Add(-time.Hour), now.Add(time.Hour))
	tests := []struct {
		name      string
		key       map[string]any
		want      int // X5C findings
		wantValid int // X5CValid findings
	}{
		{"matching and valid", jwk(valid), 0, 0},
		{"another key", jwk(certFor(t, other, now.Add(-time.Hour), now.Add(time.Hour))), 1, 0},
		// An expired leaf still certifies the key: RFC 7517 §4.7 is met,
		// only seed 003's validity check (ACM) fails.
		{"expired", jwk(certFor(t, k, now.Add(-2*time.Hour), now.Add(-time.Hour))), 0, 1},
		{"not yet valid", jwk(certFor(t, k, now.Add(time.Hour), now.Add(2*time.Hour))), 0, 1},
		{"expired and another key", jwk(certFor(t, other, now.Add(-2*time.Hour), now.Add(-time.Hour))), 1, 1},
		{"base64url instead of base64", jwk(strings.NewReplacer("+", "-", "/", "_").Replace(valid) + "!"), 1, 0},
		{"empty chain", jwk(), 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := CheckSetAt(set(t, tt.key), now)
			if fs := Only(all, X5C); len(fs) != tt.want {
				t.Fatalf("got %v, want %d findings", fs, tt.want)
			}
			if fs := Only(all, X5CValid); len(fs) != tt.wantValid {
				t.Fatalf("got %v, want %d validity findings", fs, tt.wantValid)
			}
		})
	}
}

func TestCheckKey(t *testing.T) {
	b, _ := json.Marshal(rsaJWK(t, 2048, map[string]any{"d": "AQAB"}))
	if fs := CheckKey(b); len(Only(fs, PublicOnly)) != 1 {
		t.Fatalf("CheckKey missed the private member: %v", fs)
	}
}

func FuzzCheckSet(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"a"},{"kty":"EC","crv":"P-256","kid":"a"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"oct","k":"x","alg":"HS256"}]}`))
	f.Add([]byte(`{"keys":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, fd := range CheckSet(body) {
			if fd.Check == "" || fd.Problem == "" {
				t.Fatalf("a finding without check or problem: %+v", fd)
			}
			_ = fd.String()
		}
	})
}
