package refserver

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() {
	for name, check := range jwtFaultTests {
		faultTests[name] = check
	}
}

func (ts *testServer) jwtClient() Client { return ts.desc.Clients[2] }

// jwtKey reads the private key the server made for the private_key_jwt
// client.
func (ts *testServer) jwtKey() *rsa.PrivateKey {
	block, _ := pem.Decode([]byte(ts.jwtClient().Secret))
	require.NotNil(ts.t, block)
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(ts.t, err)
	return k.(*rsa.PrivateKey)
}

// assertionFor signs claims with alg, written here from RFC 7515 rather
// than with the server's code.
func assertionFor(t *testing.T, alg string, key *rsa.PrivateKey, hmacKey []byte, claims map[string]any) string {
	enc := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signed := enc(map[string]string{"alg": alg, "typ": "JWT"}) + "." + enc(claims)
	var sig []byte
	switch alg {
	case "RS256":
		sum := sha256.Sum256([]byte(signed))
		var err error
		sig, err = rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
		require.NoError(t, err)
	case "HS256":
		mac := hmac.New(sha256.New, hmacKey)
		mac.Write([]byte(signed))
		sig = mac.Sum(nil)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func (ts *testServer) validClaims() map[string]any {
	id := ts.jwtClient().ID
	return map[string]any{"iss": id, "sub": id, "aud": ts.desc.Issuer + "/oauth/token", "exp": ts.srv.now().Add(time.Minute).Unix(), "jti": randomString(8)}
}

// redeemWithAssertion redeems an unknown code: invalid_grant means the
// client was authenticated, invalid_client that it was not.
func (ts *testServer) redeemWithAssertion(assertion string) string {
	form := url.Values{
		"grant_type": {"authorization_code"}, "code": {"no-such-code"}, "redirect_uri": {ts.jwtClient().RedirectURI},
		"client_assertion_type": {jwtBearerType}, "client_assertion": {assertion},
	}
	return errorOf(ts.post("/oauth/token", form, nil))
}

var jwtFaultTests = map[string]func(ts *testServer) bool{
	"jwt-rs256-refused": func(ts *testServer) bool {
		return ts.redeemWithAssertion(assertionFor(ts.t, "RS256", ts.jwtKey(), nil, ts.validClaims())) == "invalid_grant"
	},
	"jwt-aud-unchecked": func(ts *testServer) bool {
		c := ts.validClaims()
		c["aud"] = "https://elsewhere.toets.invalid/token"
		return ts.redeemWithAssertion(assertionFor(ts.t, "RS256", ts.jwtKey(), nil, c)) == "invalid_client"
	},
	"jwt-exp-unchecked": func(ts *testServer) bool {
		c := ts.validClaims()
		c["exp"] = ts.srv.now().Add(-time.Minute).Unix()
		return ts.redeemWithAssertion(assertionFor(ts.t, "RS256", ts.jwtKey(), nil, c)) == "invalid_client"
	},
	"jwt-replay-accepted": func(ts *testServer) bool {
		a := assertionFor(ts.t, "RS256", ts.jwtKey(), nil, ts.validClaims())
		require.Equal(ts.t, "invalid_grant", ts.redeemWithAssertion(a))
		return ts.redeemWithAssertion(a) == "invalid_client"
	},
	"jwt-alg-trusted": func(ts *testServer) bool {
		key := ts.jwtKey()
		none := assertionFor(ts.t, "none", nil, nil, ts.validClaims())
		hs := assertionFor(ts.t, "HS256", nil, publicKeyPEM(&key.PublicKey), ts.validClaims())
		return ts.redeemWithAssertion(none) == "invalid_client" && ts.redeemWithAssertion(hs) == "invalid_client"
	},
	"jwt-signature-unchecked": func(ts *testServer) bool {
		other, err := rsa.GenerateKey(rand.Reader, 2048)
		require.NoError(ts.t, err)
		return ts.redeemWithAssertion(assertionFor(ts.t, "RS256", other, nil, ts.validClaims())) == "invalid_client"
	},
}

func TestPrivateKeyJWT(t *testing.T) {
	ts := startServer(t)
	key := ts.jwtKey()
	assert.Equal(t, "invalid_grant", ts.redeemWithAssertion(assertionFor(t, "RS256", key, nil, ts.validClaims())), "a valid assertion authenticates")
	for _, tc := range []struct {
		name  string
		claim func(map[string]any)
	}{
		{"iss other than sub", func(c map[string]any) { c["iss"] = "pgo-one.toets.invalid" }},
		{"a client_secret client", func(c map[string]any) { c["iss"], c["sub"] = "pgo-one.toets.invalid", "pgo-one.toets.invalid" }},
		{"no exp", func(c map[string]any) { delete(c, "exp") }},
		{"no jti", func(c map[string]any) { delete(c, "jti") }},
		{"aud as the issuer in an array", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ts.validClaims()
			want := "invalid_client"
			if tc.claim == nil {
				c["aud"] = []string{ts.desc.Issuer}
				want = "invalid_grant"
			} else {
				tc.claim(c)
			}
			assert.Equal(t, want, ts.with(t).redeemWithAssertion(assertionFor(t, "RS256", key, nil, c)))
		})
	}
	// A secret next to the assertion is two methods at once.
	form := url.Values{"grant_type": {"client_credentials"}, "client_assertion_type": {jwtBearerType},
		"client_assertion": {assertionFor(t, "RS256", key, nil, ts.validClaims())}, "client_secret": {"x"}}
	resp := ts.post("/oauth/token", form, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.status)
}
