package preflight

import (
	"strings"
	"testing"

	"github.com/toets/toets/internal/browser"
)

func TestGuardProblem(t *testing.T) {
	hosts := []string{"as.example:8443", "idp.example"}
	redirect := browser.Blocked{Method: "GET", URL: "https://login.other.example/start?x=1", Kind: "redirect", Status: 302}
	form := browser.Blocked{Method: "POST", URL: "https://collector.example/login", Kind: "form"}
	cases := []struct {
		name    string
		phase   loginPhase
		failed  bool
		page    string
		blocked []browser.Blocked
		says    string // empty: no problem
	}{
		{"opened on the server's login page", opened, false, "https://as.example:8443/login", nil, ""},
		{"opened on the identity provider's", opened, false, "https://idp.example/login", nil, ""},
		{"opened on a page elsewhere (browser)", opened, false, "https://login.other.example/start?x=1", nil,
			"the login page is at https://login.other.example, a host the target file does not name; toets types no credentials there: if it is the server's own login page, add it under browser.hosts"},
		{"the way there stopped (HTTP agent)", opened, true, "", []browser.Blocked{redirect}, "the login page is at https://login.other.example,"},
		{"a failed script on a page elsewhere", scripted, true, "https://other.example:8443/login", nil, "the login page is at https://other.example:8443,"},
		{"a failed script on the server's page is the script's", scripted, true, "https://as.example:8443/login", nil, ""},
		{"a login that went on", scripted, false, "https://other.example/consent", nil, ""},
		{"a form posted elsewhere", scripted, false, "https://as.example:8443/login", []browser.Blocked{form},
			"toets stopped a request of the login to a host the target file does not name: POST https://collector.example/login (form)"},
		{"a 307 hop elsewhere", scripted, true, "", []browser.Blocked{{Method: "POST", URL: "https://collector.example/x", Kind: "redirect", Status: 307}},
			"POST https://collector.example/x (redirect, after HTTP 307)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := guardProblem(hosts, c.phase, c.failed, c.page, c.blocked)
			if c.says == "" {
				if got != "" {
					t.Fatalf("want no problem, got %q", got)
				}
				return
			}
			if !strings.Contains(got, c.says) || !strings.Contains(got, "browser.hosts") {
				t.Errorf("the problem should say %q and name browser.hosts:\n%s", c.says, got)
			}
		})
	}
}
