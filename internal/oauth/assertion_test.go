package oauth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssertion(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	const endpoint = "https://as.example/token"
	for _, tc := range []struct {
		name  string
		a     Assertion
		alg   string
		check func(t *testing.T, c jwt.Claims)
	}{
		{"RS256 by default", Assertion{ClientID: "c1", Audience: endpoint, Key: key}, "RS256", func(t *testing.T, c jwt.Claims) {
			assert.Equal(t, "c1", c.Issuer)
			assert.Equal(t, "c1", c.Subject)
			assert.Equal(t, jwt.Audience{endpoint}, c.Audience)
			assert.NotEmpty(t, c.ID)
			assert.WithinDuration(t, time.Now().Add(time.Minute), c.Expiry.Time(), 5*time.Second)
		}},
		{"expired", Assertion{ClientID: "c1", Audience: endpoint, Key: key, Expiry: time.Unix(1000, 0), ID: "j1"}, "RS256", func(t *testing.T, c jwt.Claims) {
			assert.Equal(t, time.Unix(1000, 0), c.Expiry.Time())
			assert.Equal(t, "j1", c.ID)
		}},
		{"HS256", Assertion{ClientID: "c1", Audience: endpoint, Alg: "HS256", HMACKey: PublicKeyPEM(&key.PublicKey)}, "HS256", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.a.Sign()
			require.NoError(t, err)
			tok, err := jwt.ParseSigned(s, []jose.SignatureAlgorithm{jose.RS256, jose.HS256})
			require.NoError(t, err)
			assert.Equal(t, tc.alg, tok.Headers[0].Algorithm)
			var c jwt.Claims
			if tc.alg == "RS256" {
				require.NoError(t, tok.Claims(&key.PublicKey, &c))
			} else {
				require.NoError(t, tok.Claims(tc.a.HMACKey, &c))
			}
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
	none, err := Assertion{ClientID: "c1", Audience: endpoint, Alg: "none"}.Sign()
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(none, "."), "an unsecured JWT has an empty signature")
	_, err = Assertion{Alg: "ES256"}.Sign()
	assert.Error(t, err)
}

func TestParseRSAPrivateKey(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, pem string
		ok        bool
	}{
		{"PKCS #8", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})), true},
		{"PKCS #1", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})), true},
		{"no trailing newline", strings.TrimRight(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})), "\n"), true},
		{"a public key", string(PublicKeyPEM(&key.PublicKey)), false},
		{"not PEM", "secret", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseRSAPrivateKey(tc.pem)
			if !tc.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.True(t, key.Equal(k))
		})
	}
}

func FuzzParseRSAPrivateKey(f *testing.F) {
	f.Add("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	f.Add("secret")
	f.Fuzz(func(t *testing.T, s string) {
		if k, err := ParseRSAPrivateKey(s); err == nil && k == nil {
			t.Fatal("no error and no key")
		}
	})
}
