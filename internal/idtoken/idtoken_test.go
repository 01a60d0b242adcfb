package idtoken

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sign(t *testing.T, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, opts)
	require.NoError(t, err)
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	require.NoError(t, err)
	raw, err := jws.CompactSerialize()
	require.NoError(t, err)
	return raw
}

func jwks(t *testing.T, kid string, keys ...*rsa.PrivateKey) []byte {
	var set jose.JSONWebKeySet
	for _, k := range keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: &k.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"})
	}
	b, err := json.Marshal(set)
	require.NoError(t, err)
	return b
}

func TestParseAndVerify(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	raw := sign(t, key, "k1", map[string]any{"iss": "https://as", "aud": []string{"c1", "c2"}, "nonce": "n", "exp": 2, "iat": 1})

	tok, err := Parse(raw)
	require.NoError(t, err)
	assert.Equal(t, "RS256", tok.Header.Alg)
	assert.Equal(t, "k1", tok.Header.Kid)
	assert.Equal(t, Audience{"c1", "c2"}, tok.Claims.Aud)
	assert.Equal(t, int64(2), *tok.Claims.Exp)

	assert.NoError(t, tok.Verify(jwks(t, "k1", key)))
	assert.Error(t, tok.Verify(jwks(t, "k1", other)), "another key")
	assert.Error(t, tok.Verify(jwks(t, "k2", key)), "no key with the kid")
	assert.Error(t, tok.Verify([]byte(`{"keys": 5}`)), "no key set")

	// alg none: parsed, but never verified.
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"aud":"c1"}`)) + "."
	tok, err = Parse(none)
	require.NoError(t, err)
	assert.Equal(t, Audience{"c1"}, tok.Claims.Aud)
	assert.Error(t, tok.Verify(jwks(t, "", key)))
}

func TestParseErrors(t *testing.T) {
	for _, raw := range []string{"", "a.b", "a.b.c.d", "!!.e30.", "e30.!!.", "W10.e30.", base64.RawURLEncoding.EncodeToString([]byte(`{}`)) + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"aud":5}`)) + "."} {
		_, err := Parse(raw)
		assert.Error(t, err, raw)
	}
}

func TestAtHash(t *testing.T) {
	// OIDC Core Appendix A.4 (ID token of the code id_token token flow).
	got, err := AtHash("RS256", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")
	require.NoError(t, err)
	assert.Equal(t, "77QmUPtjPfzWtF2AnpK9RQ", got)
	_, err = AtHash("none", "x")
	assert.Error(t, err)
	for _, alg := range []string{"RS384", "ES512", "EdDSA"} {
		v, err := AtHash(alg, "x")
		assert.NoError(t, err)
		assert.NotEmpty(t, v)
	}
}

// FuzzParse: any input is either refused or read without panicking, and a
// token read has its raw form.
func FuzzParse(f *testing.F) {
	f.Add("eyJhbGciOiJub25lIn0.eyJhdWQiOlsiYSJdfQ.")
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := Parse(raw)
		if err != nil {
			return
		}
		if tok.Raw != raw {
			t.Fatalf("Raw %q, want %q", tok.Raw, raw)
		}
		_ = tok.Verify([]byte(`{"keys":[]}`))
	})
}
