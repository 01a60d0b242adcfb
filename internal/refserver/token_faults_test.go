package refserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stretchr/testify/require"
)

// The checks of the token interface's faults, added to faultTests: true on
// a correct server, false under the fault.
func init() {
	for name, check := range tokenFaultTests {
		faultTests[name] = check
	}
}

// errorOf is the error code of a token endpoint answer, "" when it is no
// JSON object or has none.
func errorOf(resp response) string {
	var m map[string]any
	if jsonErr := json.Unmarshal([]byte(resp.body), &m); jsonErr != nil {
		return ""
	}
	s, _ := m["error"].(string)
	return s
}

// fakeCodeGrant redeems a code the server never issued.
func fakeCodeGrant(c Client) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {"no-such-code"}, "redirect_uri": {c.RedirectURI}}
}

var tokenFaultTests = map[string]func(ts *testServer) bool{
	"get-token-accepted": func(ts *testServer) bool {
		c := ts.primary()
		resp := ts.get("/oauth/token?"+fakeCodeGrant(c).Encode(), withBasic(c.ID, c.Secret))
		return resp.status == http.StatusMethodNotAllowed
	},
	"token-tracing-header-refused": func(ts *testServer) bool {
		c := ts.primary()
		resp := ts.post("/oauth/token", fakeCodeGrant(c), func(r *http.Request) {
			withBasic(c.ID, c.Secret)(r)
			r.Header.Set("MedMij-Request-ID", "0f8fad5b-d9cb-469f-a165-70867728950e")
		})
		return errorOf(resp) == "invalid_grant"
	},
	"json-body-accepted": func(ts *testServer) bool {
		c := ts.primary()
		resp := ts.request("POST", "/oauth/token", strings.NewReader(`{"grant_type":"authorization_code","code":"no-such-code","redirect_uri":"`+c.RedirectURI+`"}`), func(r *http.Request) {
			r.Header.Set("Content-Type", "application/json")
			withBasic(c.ID, c.Secret)(r)
		})
		return errorOf(resp) == "invalid_request"
	},
	"error-200": func(ts *testServer) bool {
		return ts.redeem(ts.primary(), "no-such-code").status == http.StatusBadRequest
	},
	"error-html": func(ts *testServer) bool {
		return ts.redeem(ts.primary(), "no-such-code").header.Get("Content-Type") == "application/json"
	},
	"error-cacheable": func(ts *testServer) bool {
		h := ts.redeem(ts.primary(), "no-such-code").header
		return h.Get("Cache-Control") == "no-store" && h.Get("Pragma") == "no-cache"
	},
	"description-bad-chars": func(ts *testServer) bool {
		var m map[string]any
		require.NoError(ts.t, json.Unmarshal([]byte(ts.redeem(ts.primary(), "no-such-code").body), &m))
		d, _ := m["error_description"].(string)
		return validErrorDescription(d)
	},
	"invalid-request-as-invalid-grant": func(ts *testServer) bool {
		form := fakeCodeGrant(ts.primary())
		form.Del("redirect_uri")
		return errorOf(ts.clientPost("/oauth/token", ts.primary(), form)) == "invalid_request"
	},
	"duplicate-token-params-accepted": func(ts *testServer) bool {
		c := ts.primary()
		form := fakeCodeGrant(c)
		form.Add("redirect_uri", c.RedirectURI)
		return errorOf(ts.clientPost("/oauth/token", c, form)) == "invalid_request"
	},
	"invalid-client-400": func(ts *testServer) bool {
		c := ts.primary()
		return ts.post("/oauth/token", fakeCodeGrant(c), withBasic(c.ID, "wrong")).status == http.StatusUnauthorized
	},
	"no-www-authenticate": func(ts *testServer) bool {
		c := ts.primary()
		return ts.post("/oauth/token", fakeCodeGrant(c), withBasic(c.ID, "wrong")).header.Get("WWW-Authenticate") != ""
	},
	"client-auth-optional": func(ts *testServer) bool {
		c := ts.primary()
		form := fakeCodeGrant(c)
		form.Set("client_id", c.ID)
		return errorOf(ts.post("/oauth/token", form, nil)) == "invalid_client"
	},
	"unsupported-grant-as-invalid-request": func(ts *testServer) bool {
		resp := ts.clientPost("/oauth/token", ts.primary(), url.Values{"grant_type": {"urn:example:unknown"}})
		return errorOf(resp) == "unsupported_grant_type"
	},
	"grant-types-unchecked": func(ts *testServer) bool {
		resp := ts.clientPost("/oauth/token", ts.primary(), url.Values{"grant_type": {"client_credentials"}})
		return errorOf(resp) == "unauthorized_client"
	},
	"cc-scope-widened": func(ts *testServer) bool {
		resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"client_credentials"}, "scope": {dataScope}})
		return errorOf(resp) == "invalid_scope"
	},
	"code-other-client-accepted": func(ts *testServer) bool {
		one, two := ts.primary(), ts.second()
		code := ts.code(ts.authorizeQuery(one))
		resp := ts.clientPost("/oauth/token", two, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {one.RedirectURI}})
		return errorOf(resp) == "invalid_grant"
	},
	"token-redirect-uri-optional": func(ts *testServer) bool {
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		resp := ts.clientPost("/oauth/token", c, url.Values{"grant_type": {"authorization_code"}, "code": {code}})
		return errorOf(resp) == "invalid_request"
	},
	"redirect-uri-unchecked": func(ts *testServer) bool {
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		resp := ts.clientPost("/oauth/token", c, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.RedirectURI + "/other"}})
		return errorOf(resp) == "invalid_grant"
	},
	"code-never-expires": func(ts *testServer) bool {
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		ts.srv.Advance(codeLifetime + time.Second)
		return errorOf(ts.redeem(c, code)) == "invalid_grant"
	},
	"pkce-unchecked": func(ts *testServer) bool {
		c := ts.primary()
		q := ts.authorizeQuery(c)
		q.Set("code_challenge", strings.Repeat("A", 43))
		q.Set("code_challenge_method", "S256")
		code := ts.code(q)
		resp := ts.clientPost("/oauth/token", c, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.RedirectURI}, "code_verifier": {strings.Repeat("v", 43)}})
		return errorOf(resp) == "invalid_grant"
	},
	"code-reuse-no-revoke": func(ts *testServer) bool {
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		first := ts.redeem(c, code).json(ts.t)
		ts.redeem(c, code)
		return ts.resource(withBearer(first["access_token"].(string))).status == http.StatusUnauthorized
	},
	"availability-check-at-token": func(ts *testServer) bool {
		c := ts.primary()
		_, params := ts.answer(ts.authorizeQuery(c), ts.desc.Users[2], "approve").redirect(ts.t)
		return ts.redeem(c, params.Get("code")).status == http.StatusOK
	},
	"expires-in-over-limit": func(ts *testServer) bool {
		return ts.tokens()["expires_in"] == float64(900)
	},
	"no-refresh-token": func(ts *testServer) bool {
		_, ok := ts.tokens()["refresh_token"]
		return ok
	},
	"refresh-not-rotated": func(ts *testServer) bool {
		old := ts.tokens()["refresh_token"].(string)
		resp := ts.clientPost("/oauth/token", ts.primary(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old}})
		return resp.json(ts.t)["refresh_token"] != old
	},
	"refresh-old-kept": func(ts *testServer) bool {
		old := ts.tokens()["refresh_token"].(string)
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old}}
		ts.clientPost("/oauth/token", ts.primary(), form)
		return errorOf(ts.clientPost("/oauth/token", ts.primary(), form)) == "invalid_grant"
	},
	"refresh-any-client": func(ts *testServer) bool {
		old := ts.tokens()["refresh_token"].(string)
		resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old}})
		return errorOf(resp) == "invalid_grant"
	},
	"refresh-scope-widened": func(ts *testServer) bool {
		old := ts.tokens()["refresh_token"].(string)
		resp := ts.clientPost("/oauth/token", ts.primary(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old}, "scope": {dataScope + " " + statusScope}})
		return errorOf(resp) == "invalid_scope"
	},
	"scope-omitted-when-changed": func(ts *testServer) bool {
		// Asked for nothing, given the default: the scope differs.
		resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"client_credentials"}})
		_, named := resp.json(ts.t)["scope"]
		return resp.status == http.StatusOK && named
	},
	"default-scopes-not-added": func(ts *testServer) bool {
		resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"client_credentials"}})
		return resp.status == http.StatusOK && resp.json(ts.t)["scope"] == statusScope
	},
	"refresh-ignores-narrower-scope": func(ts *testServer) bool {
		resp := ts.refreshNarrower()
		return resp.status == http.StatusOK && resp.json(ts.t)["scope"] == dataScope
	},
	"refresh-refuses-narrower-scope": func(ts *testServer) bool {
		return ts.refreshNarrower().status == http.StatusOK
	},
	"cc-refresh-token": func(ts *testServer) bool {
		resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"client_credentials"}})
		_, ok := resp.json(ts.t)["refresh_token"]
		return resp.status == http.StatusOK && !ok
	},
	"post-auth-refused": func(ts *testServer) bool {
		return errorOf(ts.redeem(ts.second(), "no-such-code")) == "invalid_grant"
	},
	"resource-unchecked": func(ts *testServer) bool {
		acm := startProfileServer(ts.t, "acm", ts.srv.faults.names()...)
		resp := acm.clientPost("/oauth/token", acm.second(), url.Values{"grant_type": {"client_credentials"}, "resource": {"https://unknown.toets.invalid/"}})
		return errorOf(resp) == "invalid_target"
	},
	"basic-not-form-decoded": func(ts *testServer) bool {
		// The primary secret holds reserved characters; redeeming an
		// unknown code gets past client authentication only when the
		// server form-decodes.
		return errorOf(ts.redeem(ts.primary(), "no-such-code")) == "invalid_grant"
	},
	"slow-token": func(ts *testServer) bool {
		// A client that waits one second: the fault's delay is longer.
		c := *ts.client
		c.Timeout = time.Second
		req, err := http.NewRequest(http.MethodPost, ts.desc.Issuer+"/oauth/token", strings.NewReader("grant_type=x"))
		require.NoError(ts.t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	},
}

// twoRightTokens runs the flow for alice and the primary client asking for
// both rights, which both of them hold, and returns the token response.
func (ts *testServer) twoRightTokens() map[string]any {
	ts.t.Helper()
	c := ts.primary()
	query := ts.authorizeQuery(c)
	query.Set("scope", dataScope+" "+allergyScope)
	resp := ts.redeem(c, ts.code(query))
	require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
	return resp.json(ts.t)
}

// refreshNarrower refreshes a grant of both rights asking for the data
// scope only (RFC 6749 §6).
func (ts *testServer) refreshNarrower() response {
	ts.t.Helper()
	tok := ts.twoRightTokens()
	require.Equal(ts.t, dataScope+" "+allergyScope, tok["scope"])
	return ts.clientPost("/oauth/token", ts.primary(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}, "scope": {dataScope}})
}
