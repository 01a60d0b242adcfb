package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/toets/toets/internal/baseline"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/reports"
)

// TestBrokenMetadataIsTheServersVerdict is issue 11's second case: the
// issuer is right and reachable, but it answers its metadata with
// "{{garbage" and its key set with something that is not JSON, while the
// target file names the endpoints. That is the server's fault, not a
// configuration problem: the preflight lets the run go on, the metadata and
// keys rules fail saying what the server sent, the token rules are judged
// at the file's endpoints, the reports are written, and the exit code is 1.
func TestBrokenMetadataIsTheServersVerdict(t *testing.T) {
	in, err := embedded.Start("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	broken := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/oauth-authorization-server":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte("{{garbage"))
		case "/jwks":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "max-age=60")
			_, _ = w.Write([]byte("<html>keys are down</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	broken.TLS = cfg
	broken.StartTLS()
	defer broken.Close()

	f, err := in.TargetFile()
	if err != nil {
		t.Fatal(err)
	}
	f.Issuer = broken.URL
	f.Endpoints.Authorization = in.Server.Description().Issuer + "/oauth/authorize"
	f.Endpoints.JWKS = broken.URL + "/jwks"
	if f.Endpoints.Token == "" {
		t.Fatal("the reference target file names no token endpoint to judge the token rules at")
	}
	b, err := yaml.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(in.Dir, "broken-metadata.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "out")
	err = runSuite(runFlags{target: path, out: out, concurrency: 1,
		tags:           "@rule:metadata-issuer,@rule:metadata-required-members,@rule:keys-public-only,@rule:keys-x5c-leaf," + testTags,
		requestTimeout: 10 * time.Second, scenarioTimeout: 30 * time.Second,
		extra: runExtras{failOn: "any", noLoginCheck: true}})
	if code := exitCodeOf(err); code != 1 {
		t.Fatalf("exit %d (%v), want 1: the server's broken metadata is a failed rule, not a configuration problem", code, err)
	}
	res, err := baseline.Load(out)
	if err != nil {
		t.Fatalf("no report was written: %v", err)
	}
	want := map[string]struct {
		verdict reports.Verdict
		says    string
	}{
		"metadata-issuer":           {reports.Fail, "{{garbage"},
		"metadata-required-members": {reports.Fail, "{{garbage"},
		"keys-public-only":          {reports.Fail, "not a JSON object"},
		"keys-x5c-leaf":             {reports.Fail, "not a JSON object"},
		"token-error-rfc0015":       {reports.Pass, ""},
		"token-form-encoded":        {reports.Pass, ""},
	}
	seen := map[string]bool{}
	for _, s := range res.Scenarios {
		w, ok := want[s.RuleID]
		if !ok {
			continue
		}
		seen[s.RuleID] = true
		if s.Verdict != w.verdict || !strings.Contains(s.Message, w.says) {
			t.Errorf("%s: %s, want %s saying %q:\n%s", s.RuleID, s.Verdict, w.verdict, w.says, s.Message)
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("%s did not run", id)
		}
	}
	if _, err := os.Stat(filepath.Join(out, reports.HTMLFile)); err != nil {
		t.Errorf("report.html: %v", err)
	}
}
