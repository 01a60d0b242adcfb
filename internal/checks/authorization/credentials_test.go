package authorization

import (
	"strings"
	"testing"

	"github.com/toets/toets/internal/browser"
)

func TestCredentialsStayed(t *testing.T) {
	cases := []struct {
		name    string
		blocked []browser.Blocked
		// says is what the one finding's message must contain; empty: no
		// finding.
		says []string
	}{
		{name: "nothing stopped"},
		{
			name:    "a form posting elsewhere",
			blocked: []browser.Blocked{{Method: "POST", URL: "https://collector.example/login", Kind: "form"}},
			says:    []string{"POST https://collector.example/login (form)", "browser.hosts", "third party", "configuration", "implementation", "[check authorization.credentials-stay]", "RFC 6749 §1.3.1"},
		},
		{
			name:    "a 307 hop elsewhere",
			blocked: []browser.Blocked{{Method: "POST", URL: "https://collector.example/x", Kind: "redirect", Status: 307}},
			says:    []string{"POST https://collector.example/x (redirect, after HTTP 307)"},
		},
		{
			name: "a beacon and a tunnel only the proxy saw",
			blocked: []browser.Blocked{
				{Method: "POST", URL: "https://collector.example/b", Kind: "beacon"},
				{URL: "collector.example:443"},
			},
			says: []string{"POST https://collector.example/b (beacon); (method unknown) collector.example:443 (other)"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CredentialsStayed(c.blocked)
			if len(c.says) == 0 {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one finding, got %d", len(fs))
			}
			for _, s := range c.says {
				if !strings.Contains(fs[0].Message(), s) {
					t.Errorf("the message should say %q:\n%s", s, fs[0].Message())
				}
			}
		})
	}
}

func TestFlowStopped(t *testing.T) {
	for kind, want := range map[string]bool{"navigation": true, "form": true, "redirect": true, "beacon": false, "fetch": false, "websocket": false, "other": false} {
		if got := FlowStopped([]browser.Blocked{{Kind: kind}}); got != want {
			t.Errorf("%s: FlowStopped = %v, want %v", kind, got, want)
		}
	}
	if FlowStopped(nil) {
		t.Error("nothing stopped stops nothing")
	}
}

func TestCredentialRedirected(t *testing.T) {
	r307 := browser.Redirect{Method: "POST", From: "https://as.example/login", To: "https://as.example/login/2", Status: 307}
	r308 := browser.Redirect{Method: "POST", From: "https://as.example/login", To: "https://rp.example/cb", Status: 308}
	cases := []struct {
		name      string
		redirects []browser.Redirect
		status    int
		check     string // the finding's check id; empty: none
	}{
		{"none", nil, 307, ""},
		{"a 307 under the MUST", []browser.Redirect{r307}, 307, "authorization.login-no-307"},
		{"a 308 is not the MUST's", []browser.Redirect{r308}, 307, ""},
		{"a 308 under the SHOULD", []browser.Redirect{r307, r308}, 308, "authorization.login-no-308"},
		{"a 307 is not the SHOULD's", []browser.Redirect{r307}, 308, ""},
		{"a status neither check judges", []browser.Redirect{r307}, 302, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CredentialRedirected(c.redirects, c.status)
			if c.check == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Check != c.check {
				t.Fatalf("want one %s finding, got %v", c.check, fs)
			}
			msg := fs[0].Message()
			for _, s := range []string{"RFC 9700 §4.12", "answered with HTTP", "303"} {
				if !strings.Contains(msg, s) {
					t.Errorf("the message should say %q:\n%s", s, msg)
				}
			}
		})
	}
}
