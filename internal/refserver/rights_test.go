package refserver

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The checks of the rights (seed 000) and audience (RFC 8707) faults, added
// to faultTests so that TestFaults runs them.
func init() {
	for name, check := range rightsFaultTests {
		faultTests[name] = check
	}
}

func (ts *testServer) emma() User { return ts.desc.Users[3] }

// grantedScope runs the code flow for every right and returns the scope
// of the token response.
func (ts *testServer) grantedScope(c Client, u User) string {
	ts.t.Helper()
	query := ts.authorizeQuery(c)
	query.Set("scope", dataScope+" "+allergyScope)
	_, params := ts.answer(query, u, "approve").redirect(ts.t)
	require.NotEmpty(ts.t, params.Get("code"), "a code in %v", params)
	resp := ts.redeem(c, params.Get("code"))
	require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
	return resp.json(ts.t)["scope"].(string)
}

var rightsFaultTests = map[string]func(ts *testServer) bool{
	"rights-union": func(ts *testServer) bool {
		return ts.grantedScope(ts.primary(), ts.emma()) == dataScope && ts.grantedScope(ts.second(), ts.alice()) == dataScope
	},
	"rights-unchecked": func(ts *testServer) bool {
		return ts.grantedScope(ts.second(), ts.emma()) == dataScope
	},
	"extra-right-dropped": func(ts *testServer) bool {
		return ts.grantedScope(ts.primary(), ts.alice()) == dataScope+" "+allergyScope
	},
	"audience-unchecked": func(ts *testServer) bool {
		acm := startProfileServer(ts.t, "acm", ts.srv.faults.names()...)
		c := acm.primary()
		query := acm.authorizeQuery(c)
		query.Set("scope", dataScope+" "+allergyScope)
		_, params := acm.answer(query, acm.alice(), "approve").redirect(ts.t)
		resp := acm.clientPost("/oauth/token", c, url.Values{
			"grant_type":   {"authorization_code"},
			"code":         {params.Get("code")},
			"redirect_uri": {c.RedirectURI},
			"resource":     {acm.desc.Issuer + resourcePath},
		})
		require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
		bearer := withBearer(resp.json(ts.t)["access_token"].(string))
		require.Equal(ts.t, http.StatusOK, acm.get(resourcePath, bearer).status)
		return acm.get(allergyPath, bearer).status == http.StatusUnauthorized
	},
}

// TestRightsIntersection: each pairing of a client and a person reaches
// exactly the rights both have (seed 000).
func TestRightsIntersection(t *testing.T) {
	ts := startServer(t)
	both := dataScope + " " + allergyScope
	assert.Equal(t, both, ts.grantedScope(ts.primary(), ts.alice()))
	assert.Equal(t, dataScope, ts.grantedScope(ts.primary(), ts.emma()))
	assert.Equal(t, dataScope, ts.grantedScope(ts.second(), ts.alice()))
	assert.Equal(t, dataScope, ts.grantedScope(ts.second(), ts.emma()))
}

// TestAllergyResource: the second right's resource serves the person's
// allergies and refuses a token without its scope.
func TestAllergyResource(t *testing.T) {
	ts := startServer(t)
	only := ts.tokens()["access_token"].(string)
	resp := ts.get(allergyPath, withBearer(only))
	assert.Equal(t, http.StatusForbidden, resp.status)
	assert.Contains(t, resp.header.Get("WWW-Authenticate"), `scope="`+allergyScope+`"`)

	query := ts.authorizeQuery(ts.primary())
	query.Set("scope", dataScope+" "+allergyScope)
	tok := ts.redeem(ts.primary(), func() string {
		_, p := ts.answer(query, ts.alice(), "approve").redirect(t)
		return p.Get("code")
	}()).json(t)["access_token"].(string)
	resp = ts.get(allergyPath, withBearer(tok))
	require.Equal(t, http.StatusOK, resp.status)
	assert.Contains(t, resp.body, `"AllergyIntolerance"`)
	assert.Contains(t, resp.body, "Penicilline")
}

// TestResourceIndicatorOutsideACM: outside the acm profile resource is not
// read, so the token is good at every resource.
func TestResourceIndicatorOutsideACM(t *testing.T) {
	ts := startServer(t)
	c := ts.primary()
	_, p := ts.answer(ts.authorizeQuery(c), ts.alice(), "approve").redirect(t)
	resp := ts.clientPost("/oauth/token", c, url.Values{"grant_type": {"authorization_code"}, "code": {p.Get("code")}, "redirect_uri": {c.RedirectURI}, "resource": {"https://other.toets.invalid/"}})
	assert.Equal(t, http.StatusOK, resp.status, resp.body)
}
