package refserver

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The checks of the JWT access token, signing key, resource timing and
// OpenID discovery faults, added to faultTests so that TestFaults runs
// them.
func init() {
	for name, check := range jwtAccessFaultTests {
		faultTests[name] = check
	}
}

// issuedAccessJWT is the access token of a code exchange on an oidc server
// with the faults of ts, split into its parts.
type issuedAccessJWT struct {
	raw            string
	header, claims map[string]any
	input          string
	signature      []byte
	oidc           *testServer
}

func (ts *testServer) accessJWT() issuedAccessJWT {
	ts.t.Helper()
	oidc := startProfileServer(ts.t, "oidc", ts.srv.faults.names()...)
	tok := issuedAccessJWT{raw: oidc.tokens()["access_token"].(string), oidc: oidc}
	parts := strings.Split(tok.raw, ".")
	require.Len(ts.t, parts, 3, "a compact JWS: %q", tok.raw)
	for i, into := range []*map[string]any{&tok.header, &tok.claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		require.NoError(ts.t, err)
		require.NoError(ts.t, json.Unmarshal(b, into))
	}
	tok.input = parts[0] + "." + parts[1]
	tok.signature, _ = base64.RawURLEncoding.DecodeString(parts[2])
	return tok
}

var jwtAccessFaultTests = map[string]func(ts *testServer) bool{
	"jwt-at-typ-jwt": func(ts *testServer) bool {
		return ts.accessJWT().header["typ"] == "at+jwt"
	},
	"jwt-at-hs256": func(ts *testServer) bool {
		return ts.accessJWT().header["alg"] == "RS256"
	},
	"jwt-at-alg-none": func(ts *testServer) bool {
		return ts.accessJWT().header["alg"] == "RS256"
	},
	"jwt-at-bad-signature": func(ts *testServer) bool {
		tok := ts.accessJWT()
		sum := sha256.Sum256([]byte(tok.input))
		return rsa.VerifyPKCS1v15(&tok.oidc.srv.signingKey().PublicKey, crypto.SHA256, sum[:], tok.signature) == nil
	},
	"jwt-at-missing-claims": func(ts *testServer) bool {
		claims := ts.accessJWT().claims
		for _, name := range []string{"iss", "exp", "aud", "sub", "client_id", "iat", "jti"} {
			if _, ok := claims[name]; !ok {
				return false
			}
		}
		return true
	},
	"rsa-2048-key": func(ts *testServer) bool {
		n, err := base64.RawURLEncoding.DecodeString(ts.jwks()[0]["n"].(string))
		require.NoError(ts.t, err)
		return new(big.Int).SetBytes(n).BitLen() == 4096
	},
	"slow-resource": func(ts *testServer) bool {
		// A client that waits one second: the fault's delay is longer,
		// and the server stops waiting when the client hangs up.
		c := *ts.client
		c.Timeout = time.Second
		req, err := http.NewRequest(http.MethodGet, ts.desc.Issuer+resourcePath, nil)
		require.NoError(ts.t, err)
		resp, err := c.Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	},
	"oidc-discovery-issuer-mismatch": func(ts *testServer) bool {
		oidc := startProfileServer(ts.t, "oidc", ts.srv.faults.names()...)
		doc := oidc.get("/.well-known/openid-configuration", nil).json(ts.t)
		return doc["issuer"] == oidc.desc.Issuer
	},
}

// TestJWTAccessTokensWorkAtTheResource: a JWT access token is served like
// an opaque one, and revoking it works the same.
func TestJWTAccessTokensWorkAtTheResource(t *testing.T) {
	oidc := startProfileServer(t, "oidc")
	tok := oidc.tokens()["access_token"].(string)
	assert.Len(t, strings.Split(tok, "."), 3)
	resp := oidc.resource(withBearer(tok))
	assert.Equal(t, http.StatusOK, resp.status, resp.body)

	medmij := startServer(t)
	assert.NotContains(t, medmij.tokens()["access_token"], ".", "medmij access tokens stay opaque")
}

// TestDiscoveryOnlyInOIDC: the OpenID configuration exists in the oidc
// profile only.
func TestDiscoveryOnlyInOIDC(t *testing.T) {
	ts := startServer(t)
	assert.Equal(t, http.StatusNotFound, ts.get("/.well-known/openid-configuration", nil).status)
}
