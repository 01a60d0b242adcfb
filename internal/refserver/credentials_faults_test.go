package refserver

import (
	"net/http"
	"strings"
)

// The checks of the faults that send the password elsewhere or again.
func init() {
	for name, check := range credentialFaultTests {
		faultTests[name] = check
	}
}

var credentialFaultTests = map[string]func(ts *testServer) bool{
	"login-form-posts-elsewhere": func(ts *testServer) bool {
		page := ts.authorize(ts.authorizeQuery(ts.primary()))
		return strings.Contains(page.body, `action="/oauth/login"`)
	},
	"login-beacon-elsewhere": func(ts *testServer) bool {
		page := ts.authorize(ts.authorizeQuery(ts.primary()))
		return page.status == http.StatusOK && !strings.Contains(page.body, "<script")
	},
	"login-307": func(ts *testServer) bool {
		consent, _ := ts.login(ts.authorizeQuery(ts.primary()), ts.alice())
		return consent.status == http.StatusOK
	},
	"login-308": func(ts *testServer) bool {
		consent, _ := ts.login(ts.authorizeQuery(ts.primary()), ts.alice())
		return consent.status == http.StatusOK
	},
}
