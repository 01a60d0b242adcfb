package refserver

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The checks of the authorization faults, added to faultTests so that the
// shared table file does not grow a line per fault of every interface.
func init() {
	for name, check := range authorizationFaultTests {
		faultTests[name] = check
	}
}

// errorRedirect sends an authorization request and returns the error the
// client got back, or "" when the server did not redirect with one.
func (ts *testServer) errorRedirect(q url.Values) string {
	ts.t.Helper()
	resp := ts.authorize(q)
	if resp.status != http.StatusFound {
		return ""
	}
	u, err := url.Parse(resp.header.Get("Location"))
	require.NoError(ts.t, err)
	return u.Query().Get("error")
}

var authorizationFaultTests = map[string]func(ts *testServer) bool{
	"open-redirect-on-unknown-client": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("client_id", "unknown.example")
		return ts.authorize(q).header.Get("Location") == ""
	},
	"redirect-unregistered-uri": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("redirect_uri", "https://evil.example/callback")
		return ts.authorize(q).status == http.StatusBadRequest
	},
	"unknown-client-redirected-after-login": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("client_id", "unknown.example")
		page := ts.authorize(q)
		if page.status != http.StatusOK {
			return true // refused at once: nothing to log in to
		}
		after, _ := ts.login(q, ts.alice())
		return after.header.Get("Location") == ""
	},
	"client-checked-after-login": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("redirect_uri", "https://evil.example/callback")
		return ts.authorize(q).status == http.StatusBadRequest
	},
	"refusal-without-page": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("client_id", "unknown.example")
		return strings.Contains(ts.authorize(q).body, "niet bekend")
	},
	"redirect-uri-optional": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Del("redirect_uri")
		return ts.authorize(q).status == http.StatusBadRequest
	},
	"response-type-ignored": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("response_type", "token")
		return ts.errorRedirect(q) == "unsupported_response_type"
	},
	"scope-not-validated": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("scope", "onbekend")
		return ts.errorRedirect(q) == "invalid_scope"
	},
	"scope-space-server-error": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("scope", q.Get("scope")+" ")
		return ts.errorRedirect(q) != "server_error"
	},
	"malformed-scope-server-error": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("scope", `"`+q.Get("scope")+`"`)
		return ts.errorRedirect(q) != "server_error"
	},
	"unknown-scope-server-error": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("scope", "onbekend")
		return ts.errorRedirect(q) != "server_error"
	},
	"scope-default-when-missing": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Del("scope")
		return ts.errorRedirect(q) == "invalid_scope"
	},
	"state-optional": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Del("state")
		return ts.errorRedirect(q) == "invalid_request"
	},
	"state-dropped-on-error": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("response_type", "token")
		_, params := ts.authorize(q).redirect(ts.t)
		return params.Get("state") == "st-4711"
	},
	"state-reencoded": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("response_type", "token")
		q.Set("state", "a b+c/d")
		_, params := ts.authorize(q).redirect(ts.t)
		return params.Get("state") == "a b+c/d"
	},
	"duplicate-params-accepted": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Add("scope", ts.desc.Scope)
		return ts.errorRedirect(q) == "invalid_request"
	},
	"unknown-params-rejected": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("MedMij-Request-ID", "0b6a7c4e-1d2f-4e5a-9b8c-7d6e5f4a3b2c")
		return ts.authorize(q).status == http.StatusOK
	},
	"deny-misspelt-error": func(ts *testServer) bool {
		_, params := ts.answer(ts.authorizeQuery(ts.primary()), ts.alice(), "deny").redirect(ts.t)
		return params.Get("error") == "access_denied"
	},
	"deny-leaks-reason": func(ts *testServer) bool {
		_, params := ts.answer(ts.authorizeQuery(ts.primary()), ts.bob(), "approve").redirect(ts.t)
		return params.Get("error") == "access_denied" && !params.Has("error_description")
	},
	"cancel-strands-user": func(ts *testServer) bool {
		page := ts.authorize(ts.authorizeQuery(ts.primary()))
		resp := ts.post("/oauth/login", url.Values{"request": {requestID(ts.t, page)}, "action": {"cancel"}}, nil)
		if resp.status != http.StatusFound {
			return false
		}
		_, params := resp.redirect(ts.t)
		return params.Get("error") == "access_denied"
	},
	"low-entropy-code": func(ts *testServer) bool {
		return len(ts.code(ts.authorizeQuery(ts.primary()))) >= 43
	},
	"consent-hides-client": func(ts *testServer) bool {
		consent, _ := ts.login(ts.authorizeQuery(ts.primary()), ts.alice())
		return strings.Contains(consent.body, ts.primary().Name)
	},
	"iss-missing": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("response_type", "token")
		_, params := ts.authorize(q).redirect(ts.t)
		return params.Get("iss") == ts.desc.Issuer
	},
	"frameable-login": func(ts *testServer) bool {
		page := ts.authorize(ts.authorizeQuery(ts.primary()))
		return page.header.Get("X-Frame-Options") == "DENY" && page.header.Get("Content-Security-Policy") != ""
	},
	"frameable-consent": func(ts *testServer) bool {
		consent, _ := ts.login(ts.authorizeQuery(ts.primary()), ts.alice())
		return consent.header.Get("X-Frame-Options") == "DENY" && consent.header.Get("Content-Security-Policy") != ""
	},
	"login-form-over-http": func(ts *testServer) bool {
		page := ts.authorize(ts.authorizeQuery(ts.primary()))
		return strings.Contains(page.body, `action="/oauth/login"`)
	},
	"pkce-plain-accepted": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("code_challenge", strings.Repeat("p", 43))
		q.Set("code_challenge_method", "plain")
		return ts.errorRedirect(q) == "invalid_request"
	},
	"pkce-s256-refused": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("code_challenge", strings.Repeat("s", 43))
		q.Set("code_challenge_method", "S256")
		return ts.authorize(q).status == http.StatusOK
	},
	"pkce-challenge-unchecked": func(ts *testServer) bool {
		q := ts.authorizeQuery(ts.primary())
		q.Set("code_challenge", "short")
		q.Set("code_challenge_method", "S256")
		return ts.errorRedirect(q) == "invalid_request"
	},
	"pkce-optional": func(ts *testServer) bool {
		ip := startProfileServer(ts.t, "idporten", ts.srv.faults.names()...)
		return ip.errorRedirect(ip.authorizeQuery(ip.primary())) == "invalid_request"
	},
	"declined-scope-granted": func(ts *testServer) bool {
		ip := startProfileServer(ts.t, "idporten", ts.srv.faults.names()...)
		q := ip.authorizeQuery(ip.primary())
		q.Set("scope", ip.desc.Scope+" "+ip.desc.DeclinableScope)
		q.Set("code_challenge", strings.Repeat("c", 43))
		q.Set("code_challenge_method", "S256")
		_, id := ip.login(q, ip.alice())
		resp := ip.post("/oauth/consent", url.Values{"request": {id}, "action": {"approve"}, "scope": {ip.desc.Scope}}, nil)
		_, params := resp.redirect(ip.t)
		code, ok := ip.srv.codes.code(params.Get("code"))
		return ok && code.scope == ip.desc.Scope
	},
}

// startProfileServer is startServer for a server playing another profile.
func startProfileServer(t *testing.T, profile string, faults ...string) *testServer {
	t.Helper()
	srv, err := Start(Options{Faults: faults, Profile: profile})
	require.NoError(t, err)
	desc := srv.Description()
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(desc.CACertPEM))
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		srv.Close()
	})
	return &testServer{t: t, srv: srv, desc: desc, client: &http.Client{
		Transport:     transport,
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}
