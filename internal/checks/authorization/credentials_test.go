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

func TestCutShort(t *testing.T) {
	hosts := []string{"as.example:8443", "idp.example"}
	form := browser.Blocked{Method: "POST", URL: "https://collector.example/login", Kind: "form"}
	beacon := browser.Blocked{Method: "POST", URL: "https://collector.example/b", Kind: "beacon"}
	cases := []struct {
		name string
		a    Attempt
		says string // empty: no finding
	}{
		{"a login that went on", Attempt{Hosts: hosts, Page: "https://as.example:8443/consent"}, ""},
		{"a stopped form ends the login at once", Attempt{Blocked: []browser.Blocked{form}, Hosts: hosts}, "POST https://collector.example/login (form)"},
		{"a stopped beacon alone does not", Attempt{Blocked: []browser.Blocked{beacon}, Hosts: hosts}, ""},
		{"but is the cause of a login that failed", Attempt{Blocked: []browser.Blocked{beacon}, Failed: true, Hosts: hosts}, "(beacon)"},
		{"a failure on a named page is the step's own", Attempt{Failed: true, Hosts: hosts, Page: "https://as.example:8443/login"}, ""},
		{"a named host without port on any port", Attempt{Failed: true, Hosts: hosts, Page: "https://IDP.example.:9999/login"}, ""},
		{"a failure on a page elsewhere", Attempt{Failed: true, Hosts: hosts, Page: "https://login.other.example/x?q=1"}, "the page is at https://login.other.example, a host the target file does not name"},
		{"another port of a named host is elsewhere", Attempt{Failed: true, Hosts: hosts, Page: "https://as.example/login"}, "https://as.example,"},
		{"no page yet", Attempt{Failed: true, Hosts: hosts}, ""},
		{"the browser's own pages", Attempt{Failed: true, Hosts: hosts, Page: "chrome-error://chromewebdata/"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CutShort(c.a)
			if c.says == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %s", fs[0].Message())
				}
				return
			}
			if len(fs) != 1 || fs[0].Check != CredentialsStay.ID {
				t.Fatalf("want one %s finding, got %v", CredentialsStay.ID, fs)
			}
			if msg := fs[0].Message(); !strings.Contains(msg, c.says) || !strings.Contains(msg, "browser.hosts") {
				t.Errorf("the message should say %q and name browser.hosts:\n%s", c.says, msg)
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
