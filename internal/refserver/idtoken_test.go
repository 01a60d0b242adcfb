package refserver

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The checks of the ID token faults, added to faultTests so that
// TestFaults runs them.
func init() {
	for name, check := range idTokenFaultTests {
		faultTests[name] = check
	}
}

// issuedIDToken runs the code flow for openid with a nonce on an oidc
// server with the faults of ts, and returns the parts of the ID token.
type issuedIDToken struct {
	header, claims map[string]any
	input          string
	signature      []byte
	accessToken    string
	oidc           *testServer
}

func (ts *testServer) idToken() issuedIDToken {
	ts.t.Helper()
	oidc := startProfileServer(ts.t, "oidc", ts.srv.faults.names()...)
	c := oidc.primary()
	query := oidc.authorizeQuery(c)
	query.Set("scope", dataScope+" openid")
	query.Set("nonce", "n-0S6_WzA2Mj")
	resp := oidc.redeem(c, oidc.code(query))
	require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
	body := resp.json(ts.t)
	raw, _ := body["id_token"].(string)
	parts := strings.Split(raw, ".")
	require.Len(ts.t, parts, 3, "a compact JWS: %q", raw)
	var tok issuedIDToken
	for i, into := range []*map[string]any{&tok.header, &tok.claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		require.NoError(ts.t, err)
		require.NoError(ts.t, json.Unmarshal(b, into))
	}
	tok.input = parts[0] + "." + parts[1]
	tok.signature, _ = base64.RawURLEncoding.DecodeString(parts[2])
	tok.accessToken = body["access_token"].(string)
	tok.oidc = oidc
	return tok
}

var idTokenFaultTests = map[string]func(ts *testServer) bool{
	"idtoken-signature-wrong": func(ts *testServer) bool {
		tok := ts.idToken()
		sum := sha256.Sum256([]byte(tok.input))
		return rsa.VerifyPKCS1v15(&tok.oidc.srv.signingKey().PublicKey, crypto.SHA256, sum[:], tok.signature) == nil
	},
	"idtoken-alg-none": func(ts *testServer) bool {
		return ts.idToken().header["alg"] == "RS256"
	},
	"idtoken-wrong-iss": func(ts *testServer) bool {
		tok := ts.idToken()
		return tok.claims["iss"] == tok.oidc.desc.Issuer
	},
	"idtoken-wrong-aud": func(ts *testServer) bool {
		tok := ts.idToken()
		return tok.claims["aud"] == tok.oidc.primary().ID
	},
	"idtoken-expired": func(ts *testServer) bool {
		tok := ts.idToken()
		return int64(tok.claims["exp"].(float64)) > tok.oidc.srv.now().Unix()
	},
	"idtoken-nonce-dropped": func(ts *testServer) bool {
		return ts.idToken().claims["nonce"] == "n-0S6_WzA2Mj"
	},
	"idtoken-at-hash-wrong": func(ts *testServer) bool {
		tok := ts.idToken()
		sum := sha256.Sum256([]byte(tok.accessToken))
		return tok.claims["at_hash"] == base64.RawURLEncoding.EncodeToString(sum[:16])
	},
}

// TestNoIDTokenOutsideOIDC: an ID token is issued in the oidc profile for
// openid only.
func TestNoIDTokenOutsideOIDC(t *testing.T) {
	ts := startServer(t)
	_, ok := ts.tokens()["id_token"]
	assert.False(t, ok, "the medmij profile issues no ID token")

	oidc := startProfileServer(t, "oidc")
	_, ok = oidc.tokens()["id_token"]
	assert.False(t, ok, "no ID token without the openid scope")
}
