package target

import (
	"strings"
	"testing"
)

// TestFrameActions: frame names the iframe; the element inside it still
// needs its own selector.
func TestFrameActions(t *testing.T) {
	withFrame := strings.Replace(valid, `login: [{do: fill, css: "#u", value: "{username}"}]`,
		`login: [{do: fill, frame: "iframe#idp", css: "#u", value: "{username}"}]`, 1)
	f, err := Parse([]byte(withFrame))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Browser.Login[0].Frame; got != "iframe#idp" {
		t.Fatalf("frame = %q", got)
	}
	if err := f.Validate(); err != nil {
		t.Fatalf("a frame action with a selector is valid: %v", err)
	}
	f.Browser.Login[0].CSS = ""
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "frame needs") {
		t.Fatalf("a frame without an element selector must be refused, got %v", err)
	}
}

// TestBrowserHosts: an identity provider's host named under browser.hosts
// is allowed like the issuer's; anything but a bare host is refused.
func TestBrowserHosts(t *testing.T) {
	f, err := Parse([]byte(valid + "  hosts: [idp.example.test, \"login.example.test:8443\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	hosts := strings.Join((&Target{File: f}).AllowedHosts(), " ")
	if !strings.Contains(hosts, "idp.example.test") || !strings.Contains(hosts, "login.example.test:8443") {
		t.Fatalf("allowed hosts %q lack browser.hosts", hosts)
	}
	for _, bad := range []string{"https://idp.example.test", "idp.example.test/login", ""} {
		f.Browser.Hosts = []string{bad}
		if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "browser.hosts") {
			t.Errorf("browser.hosts %q should be refused, got %v", bad, err)
		}
	}
}
