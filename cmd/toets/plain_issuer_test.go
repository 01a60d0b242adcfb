package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPlainHTTPIssuerIsAConfigurationError: an http issuer that is not a
// loopback address stops the run before anything is sent, with exit 2 and
// one line saying why.
func TestPlainHTTPIssuerIsAConfigurationError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "target.yaml")
	yaml := `name: plain
profile: oauth2
issuer: http://as.example
clients: [{client_id: c, auth_method: none, redirect_uri: "https://client.example/cb"}]
users: [{username: u, password: "${TOETS_TEST_UNUSED_PASSWORD}"}]
scopes: {granted: s}
`
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TOETS_TEST_UNUSED_PASSWORD", "p")
	out := filepath.Join(dir, "out")
	err := runSuite(runFlags{target: path, out: out, concurrency: 1, requestTimeout: time.Second, scenarioTimeout: time.Second,
		extra: runExtras{failOn: "any", noLoginCheck: true}})
	if exitCodeOf(err) != 2 || err == nil {
		t.Fatalf("got %v, want exit 2", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "issuer http://as.example is plain http") || !strings.Contains(msg, "not loopback") || strings.Contains(msg, "\n") {
		t.Errorf("want one line naming the plain http issuer, got:\n%s", msg)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a report was written although nothing may run")
	}
}
