package refserver

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rfc6749Errors is the error set of RFC 6749 §5.2, written out here rather
// than taken from the server's table, so the test does not repeat a
// mistake in it.
var rfc6749Errors = []string{
	"invalid_request", "invalid_client", "invalid_grant",
	"unauthorized_client", "unsupported_grant_type", "invalid_scope",
}

// assertTokenError checks an error response of the token, introspection
// or revocation endpoint.
func assertTokenError(t *testing.T, resp response, status int, code string) {
	t.Helper()
	assert.Equal(t, status, resp.status, resp.body)
	assert.Equal(t, "application/json", resp.header.Get("Content-Type"))
	assert.Equal(t, "no-store", resp.header.Get("Cache-Control"))
	assert.Equal(t, "no-cache", resp.header.Get("Pragma"))
	body := resp.json(t)
	assert.Equal(t, code, body["error"], resp.body)
	assert.Contains(t, rfc6749Errors, body["error"])
	if d, ok := body["error_description"].(string); ok {
		assert.True(t, validErrorDescription(d), d)
	}
	if status == http.StatusUnauthorized {
		assert.Equal(t, `Basic realm="toets"`, resp.header.Get("WWW-Authenticate"))
	}
}

func TestTokenErrors(t *testing.T) {
	ts := startServer(t)
	one, two := ts.primary(), ts.second()
	codeGrant := func(code string) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {one.RedirectURI}}
	}
	freshCode := func(ts *testServer) string { return ts.code(ts.authorizeQuery(one)) }

	for _, tc := range []struct {
		name   string
		send   func(ts *testServer) response
		status int
		error  string
	}{
		{"GET", func(ts *testServer) response { return ts.get("/oauth/token", nil) }, 405, "invalid_request"},
		{"a JSON body", func(ts *testServer) response {
			return ts.request("POST", "/oauth/token", strings.NewReader(`{"grant_type":"authorization_code"}`), func(r *http.Request) {
				r.Header.Set("Content-Type", "application/json")
				withBasic(one.ID, one.Secret)(r)
			})
		}, 400, "invalid_request"},
		{"no client authentication", func(ts *testServer) response {
			return ts.post("/oauth/token", codeGrant(freshCode(ts)), nil)
		}, 401, "invalid_client"},
		{"client_id without a secret", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Set("client_id", one.ID)
			return ts.post("/oauth/token", f, nil)
		}, 401, "invalid_client"},
		{"a wrong secret", func(ts *testServer) response {
			return ts.post("/oauth/token", codeGrant("x"), withBasic(one.ID, one.Secret+"x"))
		}, 401, "invalid_client"},
		{"an unknown client", func(ts *testServer) response {
			return ts.post("/oauth/token", codeGrant("x"), withBasic("evil.example", one.Secret))
		}, 401, "invalid_client"},
		{"the secret without form-url-encoding is still checked", func(ts *testServer) response {
			return ts.post("/oauth/token", codeGrant("x"), func(r *http.Request) { r.SetBasicAuth(one.ID, "a%zz") })
		}, 401, "invalid_client"},
		{"a malformed Basic header", func(ts *testServer) response {
			return ts.post("/oauth/token", codeGrant("x"), func(r *http.Request) { r.Header.Set("Authorization", "Basic !!!") })
		}, 401, "invalid_client"},
		{"both Basic and client_secret", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Set("client_secret", one.Secret)
			return ts.post("/oauth/token", f, withBasic(one.ID, one.Secret))
		}, 401, "invalid_client"},
		{"a method the client did not register", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Set("client_id", one.ID)
			f.Set("client_secret", one.Secret)
			return ts.post("/oauth/token", f, nil)
		}, 401, "invalid_client"},
		{"credentials in the URL", func(ts *testServer) response {
			q := url.Values{"client_id": {two.ID}, "client_secret": {two.Secret}}
			return ts.post("/oauth/token?"+q.Encode(), url.Values{"grant_type": {"client_credentials"}}, nil)
		}, 400, "invalid_request"}, // refused, not ignored (§2.3.1, token.go)
		{"grant_type missing", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, url.Values{"code": {"x"}})
		}, 400, "invalid_request"},
		{"grant_type repeated", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Add("grant_type", "authorization_code")
			return ts.clientPost("/oauth/token", one, f)
		}, 400, "invalid_request"},
		{"code repeated", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Add("code", "x")
			return ts.clientPost("/oauth/token", one, f)
		}, 400, "invalid_request"},
		{"grant_type password", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"password"}, "username": {"alice"}})
		}, 400, "unsupported_grant_type"},
		{"client_credentials for the primary client", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"client_credentials"}})
		}, 400, "unauthorized_client"},
		{"code missing", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {one.RedirectURI}})
		}, 400, "invalid_request"},
		{"redirect_uri missing", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Del("redirect_uri")
			return ts.clientPost("/oauth/token", one, f)
		}, 400, "invalid_request"},
		{"code unknown", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, codeGrant("unknown"))
		}, 400, "invalid_grant"},
		{"redirect_uri differs", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Set("redirect_uri", one.RedirectURI+"/")
			return ts.clientPost("/oauth/token", one, f)
		}, 400, "invalid_grant"},
		{"code of another client", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Set("redirect_uri", two.RedirectURI)
			return ts.clientPost("/oauth/token", two, f)
		}, 400, "invalid_grant"},
		{"code_verifier without a code_challenge", func(ts *testServer) response {
			f := codeGrant(freshCode(ts))
			f.Set("code_verifier", strings.Repeat("v", 43))
			return ts.clientPost("/oauth/token", one, f)
		}, 400, "invalid_grant"},
		{"refresh_token missing", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"refresh_token"}})
		}, 400, "invalid_request"},
		{"refresh_token unknown", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}})
		}, 400, "invalid_grant"},
		{"an access token as refresh token", func(ts *testServer) response {
			access := ts.tokens()["access_token"].(string)
			return ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {access}})
		}, 400, "invalid_grant"},
		{"client_credentials for the data scope", func(ts *testServer) response {
			return ts.clientPost("/oauth/token", two, url.Values{"grant_type": {"client_credentials"}, "scope": {ts.desc.Scope}})
		}, 400, "invalid_scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertTokenError(t, tc.send(ts.with(t)), tc.status, tc.error)
		})
	}
}

func TestPKCE(t *testing.T) {
	ts := startServer(t)
	c := ts.primary()
	const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // RFC 7636 appendix B
	const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

	for _, tc := range []struct {
		name     string
		verifier string
		error    string
	}{
		{"right verifier", verifier, ""},
		{"verifier missing", "", "invalid_grant"},
		{"wrong verifier", strings.Repeat("v", 43), "invalid_grant"},
		{"verifier too short", verifier[:42], "invalid_grant"},
		{"the challenge as verifier", challenge, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := ts.with(t)
			q := ts.authorizeQuery(c)
			q.Set("code_challenge", challenge)
			q.Set("code_challenge_method", "S256")
			f := url.Values{"grant_type": {"authorization_code"}, "code": {ts.code(q)}, "redirect_uri": {c.RedirectURI}}
			if tc.verifier != "" {
				f.Set("code_verifier", tc.verifier)
			}
			resp := ts.clientPost("/oauth/token", c, f)
			if tc.error == "" {
				assert.Equal(t, http.StatusOK, resp.status, resp.body)
				return
			}
			assertTokenError(t, resp, http.StatusBadRequest, tc.error)
		})
	}
}

func TestCodeIsSingleUse(t *testing.T) {
	ts := startServer(t)
	c := ts.primary()
	code := ts.code(ts.authorizeQuery(c))
	first := ts.redeem(c, code)
	require.Equal(t, http.StatusOK, first.status)
	tok := first.json(t)

	assertTokenError(t, ts.redeem(c, code), http.StatusBadRequest, "invalid_grant")

	// RFC 6749 §4.1.2: what was issued from the code is revoked too.
	resp := ts.resource(withBearer(tok["access_token"].(string)))
	assert.Equal(t, http.StatusUnauthorized, resp.status)
	refresh := ts.clientPost("/oauth/token", c, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
	assertTokenError(t, refresh, http.StatusBadRequest, "invalid_grant")
}

// A code presented by another client is refused, and stays good for its
// own client.
func TestCodeOfAnotherClientStaysUsable(t *testing.T) {
	ts := startServer(t)
	one, two := ts.primary(), ts.second()
	code := ts.code(ts.authorizeQuery(one))
	stolen := ts.clientPost("/oauth/token", two, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {one.RedirectURI}})
	assertTokenError(t, stolen, http.StatusBadRequest, "invalid_grant")
	assert.Equal(t, http.StatusOK, ts.redeem(one, code).status)
}

func TestExpiry(t *testing.T) {
	t.Run("code after 60 seconds", func(t *testing.T) {
		ts := startServer(t)
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		ts.srv.Advance(61 * time.Second)
		assertTokenError(t, ts.redeem(c, code), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("code within 60 seconds", func(t *testing.T) {
		ts := startServer(t)
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		ts.srv.Advance(59 * time.Second)
		assert.Equal(t, http.StatusOK, ts.redeem(c, code).status)
	})
	t.Run("access token after 900 seconds", func(t *testing.T) {
		ts := startServer(t)
		access := ts.tokens()["access_token"].(string)
		ts.srv.Advance(899 * time.Second)
		assert.Equal(t, http.StatusOK, ts.resource(withBearer(access)).status)
		ts.srv.Advance(2 * time.Second)
		resp := ts.resource(withBearer(access))
		assert.Equal(t, http.StatusUnauthorized, resp.status)
		assert.Equal(t, `Bearer realm="toets", error="invalid_token"`, resp.header.Get("WWW-Authenticate"))
	})
}

func TestRefresh(t *testing.T) {
	ts := startServer(t)
	one, two := ts.primary(), ts.second()
	tok := ts.tokens()
	oldRefresh := tok["refresh_token"].(string)
	refresh := func(c Client, token, scope string) response {
		f := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}}
		if scope != "" {
			f.Set("scope", scope)
		}
		return ts.clientPost("/oauth/token", c, f)
	}

	// Refused without using the token up.
	assertTokenError(t, refresh(two, oldRefresh, ""), http.StatusBadRequest, "invalid_grant")
	assertTokenError(t, refresh(one, oldRefresh, ts.desc.Scope+" "+statusScope), http.StatusBadRequest, "invalid_scope")
	assertTokenError(t, refresh(one, oldRefresh, "a  b"), http.StatusBadRequest, "invalid_scope")

	resp := refresh(one, oldRefresh, ts.desc.Scope)
	require.Equal(t, http.StatusOK, resp.status, resp.body)
	assert.Equal(t, "no-store", resp.header.Get("Cache-Control"))
	next := resp.json(t)
	assert.Equal(t, ts.desc.Scope, next["scope"])
	newRefresh := next["refresh_token"].(string)
	assert.NotEqual(t, oldRefresh, newRefresh, "rotated")
	assert.NotEqual(t, tok["access_token"], next["access_token"])
	assert.Equal(t, http.StatusOK, ts.resource(withBearer(next["access_token"].(string))).status)

	// The old refresh token is used up. Presenting it again means it
	// leaked, so the whole grant goes (RFC 9700 §4.14.2).
	assertTokenError(t, refresh(one, oldRefresh, ""), http.StatusBadRequest, "invalid_grant")
	assertTokenError(t, refresh(one, newRefresh, ""), http.StatusBadRequest, "invalid_grant")
	assert.Equal(t, http.StatusUnauthorized, ts.resource(withBearer(next["access_token"].(string))).status)
}

// TestRefreshNarrowerScope: §6 lets a refresh ask for less than was
// granted; the new access token has only that, the new refresh token keeps
// the whole grant.
func TestRefreshNarrowerScope(t *testing.T) {
	ts := startServer(t)
	resp := ts.refreshNarrower()
	require.Equal(t, http.StatusOK, resp.status, resp.body)
	tok := resp.json(t)
	assert.Equal(t, dataScope, tok["scope"])
	bearer := withBearer(tok["access_token"].(string))
	assert.Equal(t, http.StatusOK, ts.get(resourcePath, bearer).status)
	assert.Equal(t, http.StatusForbidden, ts.get(allergyPath, bearer).status, "the allergy right was left out of the refresh")

	again := ts.clientPost("/oauth/token", ts.primary(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
	require.Equal(t, http.StatusOK, again.status, again.body)
	assert.Equal(t, dataScope+" "+allergyScope, again.json(t)["scope"], "the refresh token keeps the scope originally granted")
}

func TestClientCredentials(t *testing.T) {
	ts := startServer(t)
	resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"client_credentials"}})
	require.Equal(t, http.StatusOK, resp.status, resp.body)
	tok := resp.json(t)
	assert.Equal(t, statusScope, tok["scope"])
	assert.NotContains(t, tok, "refresh_token", "RFC 6749 §4.4.3")
	assert.Equal(t, []string{statusScope}, ts.second().DefaultScopes, "the scope it got is the client's default (seed 003)")

	// A valid token without the data scope.
	data := ts.resource(withBearer(tok["access_token"].(string)))
	assert.Equal(t, http.StatusForbidden, data.status)
	assert.Equal(t, `Bearer realm="toets", error="insufficient_scope", scope="eenofanderezorgaanbieder"`, data.header.Get("WWW-Authenticate"))
	assertOperationOutcome(t, data)
}

func TestIntrospection(t *testing.T) {
	ts := startServer(t)
	one, two := ts.primary(), ts.second()
	tok := ts.tokens()
	access := tok["access_token"].(string)
	introspect := func(c Client, token string) response {
		return ts.clientPost("/oauth/introspect", c, url.Values{"token": {token}})
	}

	assertTokenError(t, ts.post("/oauth/introspect", url.Values{"token": {access}}, nil), http.StatusUnauthorized, "invalid_client")
	assertTokenError(t, ts.get("/oauth/introspect", nil), http.StatusMethodNotAllowed, "invalid_request")

	active := introspect(one, access)
	require.Equal(t, http.StatusOK, active.status, active.body)
	assert.Equal(t, "no-store", active.header.Get("Cache-Control"))
	body := active.json(t)
	assert.Equal(t, true, body["active"])
	assert.Equal(t, ts.desc.Scope, body["scope"])
	assert.Equal(t, one.ID, body["client_id"])
	assert.Equal(t, "alice", body["sub"])
	assert.Equal(t, "Bearer", body["token_type"])
	assert.EqualValues(t, 900, body["exp"].(float64)-body["iat"].(float64))

	for name, resp := range map[string]response{
		"unknown":           introspect(one, "unknown"),
		"of another client": introspect(two, access),
	} {
		assert.Equal(t, http.StatusOK, resp.status, name)
		assert.JSONEq(t, `{"active":false}`, resp.body, name)
	}
	ts.srv.Advance(901 * time.Second)
	assert.JSONEq(t, `{"active":false}`, introspect(one, access).body, "expired")
}

func TestRevocation(t *testing.T) {
	ts := startServer(t)
	one, two := ts.primary(), ts.second()
	revoke := func(c Client, token string) response {
		return ts.clientPost("/oauth/revoke", c, url.Values{"token": {token}})
	}

	assertTokenError(t, ts.post("/oauth/revoke", url.Values{"token": {"x"}}, nil), http.StatusUnauthorized, "invalid_client")
	assert.Equal(t, http.StatusOK, revoke(one, "unknown").status)

	t.Run("an access token", func(t *testing.T) {
		ts := ts.with(t)
		tok := ts.tokens()
		access := tok["access_token"].(string)
		assert.Equal(t, http.StatusOK, revoke(two, access).status, "another client's token: as unknown")
		assert.Equal(t, http.StatusOK, ts.resource(withBearer(access)).status, "and left alone")
		assert.Equal(t, http.StatusOK, revoke(one, access).status)
		assert.Equal(t, http.StatusUnauthorized, ts.resource(withBearer(access)).status)
	})

	t.Run("a refresh token takes the access tokens of its grant along", func(t *testing.T) {
		ts := ts.with(t)
		tok := ts.tokens()
		assert.Equal(t, http.StatusOK, revoke(one, tok["refresh_token"].(string)).status)
		assert.Equal(t, http.StatusUnauthorized, ts.resource(withBearer(tok["access_token"].(string))).status)
		refresh := ts.clientPost("/oauth/token", one, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
		assertTokenError(t, refresh, http.StatusBadRequest, "invalid_grant")
	})
}
