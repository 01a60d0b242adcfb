package refserver

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The checks of the idporten scope faults (seed 004), added to faultTests
// so that TestFaults runs them.
func init() {
	for name, check := range scopeFaultTests {
		faultTests[name] = check
	}
}

// idportenToken runs the code flow with PKCE on an idporten server with the
// faults of ts and returns the server and the access token.
func (ts *testServer) idportenToken() (*testServer, string) {
	ts.t.Helper()
	idp := startProfileServer(ts.t, "idporten", ts.srv.faults.names()...)
	c := idp.primary()
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	q := idp.authorizeQuery(c)
	q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
	q.Set("code_challenge_method", "S256")
	// The consent page asks per scope: the box of the scope is ticked.
	_, id := idp.login(q, idp.alice())
	_, params := idp.post("/oauth/consent", url.Values{"request": {id}, "action": {"approve"}, "scope": {idp.desc.Scope}}, nil).redirect(ts.t)
	require.NotEmpty(ts.t, params.Get("code"), "a code in %v", params)
	resp := idp.clientPost("/oauth/token", c, url.Values{
		"grant_type": {"authorization_code"}, "code": {params.Get("code")},
		"redirect_uri": {c.RedirectURI}, "code_verifier": {verifier},
	})
	require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
	return idp, resp.json(ts.t)["access_token"].(string)
}

// write posts a MedicationStatement with token.
func (ts *testServer) write(token string) response {
	ts.t.Helper()
	return ts.request(http.MethodPost, resourcePath, strings.NewReader(`{"resourceType":"MedicationStatement"}`), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/fhir+json")
		withBearer(token)(r)
	})
}

var scopeFaultTests = map[string]func(ts *testServer) bool{
	"scope-not-prefixed": func(ts *testServer) bool {
		idp := startProfileServer(ts.t, "idporten", ts.srv.faults.names()...)
		for _, v := range idp.metadataDoc()["scopes_supported"].([]any) {
			if !strings.Contains(v.(string), ":") {
				return false
			}
		}
		return true
	},
	"read-scope-writes": func(ts *testServer) bool {
		idp, token := ts.idportenToken()
		return idp.write(token).status == http.StatusForbidden
	},
}

func TestIdportenScopes(t *testing.T) {
	idp, token := startServer(t).idportenToken()
	assert.Equal(t, idportenDataScope, idp.desc.Scope)
	assert.Equal(t, http.StatusOK, idp.resource(withBearer(token)).status, "the read scope reads")
	refused := idp.write(token)
	assert.Equal(t, http.StatusForbidden, refused.status)
	assert.Contains(t, refused.header.Get("WWW-Authenticate"), `scope="`+idportenDataScope+`.write"`)
	assert.Equal(t, http.StatusUnauthorized, idp.write("no-such-token").status)

	medmij := startServer(t)
	assert.Equal(t, dataScope, medmij.desc.Scope)
	assert.Equal(t, http.StatusMethodNotAllowed, medmij.write("x").status, "medmij offers reading only")
}
