package refserver

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAuthorizeWithoutRedirect: while the client or its redirect URI is in
// doubt, the person sees an error page and is sent nowhere.
func TestAuthorizeWithoutRedirect(t *testing.T) {
	ts := startServer(t)
	c := ts.primary()
	for _, tc := range []struct {
		name string
		edit func(q url.Values)
	}{
		{"client_id missing", func(q url.Values) { q.Del("client_id") }},
		{"client_id empty", func(q url.Values) { q.Set("client_id", "") }},
		{"client_id unknown", func(q url.Values) { q.Set("client_id", "evil.example") }},
		{"client_id repeated", func(q url.Values) { q.Add("client_id", c.ID) }},
		{"client_id of a client the redirect_uri is not registered for", func(q url.Values) { q.Set("client_id", ts.second().ID) }},
		{"redirect_uri missing", func(q url.Values) { q.Del("redirect_uri") }},
		{"redirect_uri with a trailing slash", func(q url.Values) { q.Set("redirect_uri", c.RedirectURI+"/") }},
		{"redirect_uri in upper case", func(q url.Values) { q.Set("redirect_uri", strings.ToUpper(c.RedirectURI)) }},
		{"redirect_uri with a query", func(q url.Values) { q.Set("redirect_uri", c.RedirectURI+"?next=x") }},
		{"redirect_uri of another client", func(q url.Values) { q.Set("redirect_uri", ts.second().RedirectURI) }},
		{"redirect_uri repeated", func(q url.Values) { q.Add("redirect_uri", c.RedirectURI) }},
		{"redirect_uri over http", func(q url.Values) { q.Set("redirect_uri", strings.Replace(c.RedirectURI, "https", "http", 1)) }},
		{"everything else wrong too", func(q url.Values) {
			q.Del("client_id")
			q.Del("state")
			q.Set("response_type", "token")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := ts.with(t)
			q := ts.authorizeQuery(c)
			tc.edit(q)
			resp := ts.authorize(q)
			assert.Equal(t, http.StatusBadRequest, resp.status)
			assert.Empty(t, resp.header.Get("Location"))
			assert.Contains(t, resp.body, "Trace ID")
			assert.NotContains(t, resp.body, "<a ", "no link back to the client")
			assert.NotContains(t, resp.body, "toets.invalid")
			assertPageHeaders(t, resp)
		})
	}
}

// TestAuthorizeErrorRedirect: once the client and redirect URI are good,
// errors go back to the client, with state exactly as sent and iss.
func TestAuthorizeErrorRedirect(t *testing.T) {
	ts := startServer(t)
	c := ts.primary()
	// A state with characters that survive only correct encoding.
	const state = "ab c+d%2F/é&=?#x"
	for _, tc := range []struct {
		name  string
		edit  func(q url.Values)
		raw   string // appended to the encoded query as it is
		error string
	}{
		{"scope repeated", func(q url.Values) { q.Add("scope", ts.desc.Scope) }, "", "invalid_request"},
		{"state repeated", func(q url.Values) { q.Add("state", "other") }, "", "invalid_request"},
		{"response_type repeated", func(q url.Values) { q.Add("response_type", "code") }, "", "invalid_request"},
		{"query not valid URL encoding", nil, "&x=%zz", "invalid_request"},
		{"response_type missing", func(q url.Values) { q.Del("response_type") }, "", "invalid_request"},
		{"response_type token", func(q url.Values) { q.Set("response_type", "token") }, "", "unsupported_response_type"},
		{"response_type code id_token", func(q url.Values) { q.Set("response_type", "code id_token") }, "", "unsupported_response_type"},
		{"state missing", func(q url.Values) { q.Del("state") }, "", "invalid_request"},
		{"scope missing", func(q url.Values) { q.Del("scope") }, "", "invalid_scope"},
		{"scope with a double space", func(q url.Values) { q.Set("scope", ts.desc.Scope+"  "+ts.desc.Scope) }, "", "invalid_scope"},
		{"scope with a quote", func(q url.Values) { q.Set("scope", `"`+ts.desc.Scope+`"`) }, "", "invalid_scope"},
		{"scope unknown", func(q url.Values) { q.Set("scope", "anderezorgaanbieder") }, "", "invalid_scope"},
		{"scope partly unknown", func(q url.Values) { q.Set("scope", ts.desc.Scope+" extra") }, "", "invalid_scope"},
		{"scope of client_credentials", func(q url.Values) { q.Set("scope", statusScope) }, "", "invalid_scope"},
		{"code_challenge without method (plain)", func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 43))
		}, "", "invalid_request"},
		{"code_challenge_method plain", func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 43))
			q.Set("code_challenge_method", "plain")
		}, "", "invalid_request"},
		{"code_challenge too short", func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 42))
			q.Set("code_challenge_method", "S256")
		}, "", "invalid_request"},
		{"code_challenge_method without challenge", func(q url.Values) { q.Set("code_challenge_method", "S256") }, "", "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := ts.with(t)
			q := ts.authorizeQuery(c)
			q.Set("state", state)
			if tc.edit != nil {
				tc.edit(q)
			}
			resp := ts.get("/oauth/authorize?"+q.Encode()+tc.raw, nil)
			to, params := resp.redirect(t)
			assert.Equal(t, c.RedirectURI, to)
			assert.Equal(t, tc.error, params.Get("error"))
			assert.Equal(t, ts.desc.Issuer, params.Get("iss"))
			assert.Empty(t, params.Get("code"))
			if q.Get("state") == "" {
				assert.NotContains(t, params, "state")
			} else {
				assert.Equal(t, []string{state}, params["state"], "state exactly as sent")
			}
			assert.True(t, validErrorDescription(params.Get("error_description")))
		})
	}
}
