package suite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/peers"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
)

// TestIndependentServers runs the whole suite against real OAuth/OIDC
// servers that no one in this project wrote (zitadel/oidc and go-oauth2 in
// this process, panva's oidc-provider on Node.js) and compares every verdict with
// the expected ones in testdata/peers/<name>.verdicts, which docs/peers.md
// explains rule by rule. TOETS_UPDATE_PEERS=1 rewrites the expectations
// (then read the diff, and explain each change in docs/peers.md).
func TestIndependentServers(t *testing.T) {
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	for _, peer := range []struct {
		name  string
		start func(*refserver.CA) (*peers.Peer, error)
		// httpAgent runs the suite with agent: http instead of the
		// browser, against the golden file of sameAs, which it never
		// rewrites: both agents must see the same server.
		httpAgent bool
		sameAs    string
	}{
		{name: "zitadel", start: peers.StartZitadel},
		{name: "gooauth2", start: peers.StartGoOAuth2},
		// Node.js and the npm packages must be installed (make peers);
		// without them this fails and says what to install.
		{name: "oidc-provider", start: peers.StartOIDCProvider},
		{name: "oidc-provider-http-agent", start: peers.StartOIDCProvider, httpAgent: true, sameAs: "oidc-provider"},
	} {
		t.Run(peer.name, func(t *testing.T) {
			p, err := peer.start(ca)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			golden, update := peer.name, os.Getenv("TOETS_UPDATE_PEERS") != ""
			if peer.httpAgent {
				useHTTPAgent(t, p.TargetPath)
				golden, update = peer.sameAs, false
			}
			start := time.Now()
			checkPeerVerdicts(t, golden, update, p)
			t.Logf("%s: the suite took %s", peer.name, time.Since(start).Round(time.Second))
			if out := p.Output(); out != "" && (t.Failed() || update) {
				t.Logf("%s printed:\n%s", peer.name, out)
			}
		})
	}
}

// useHTTPAgent makes the target file's person the HTTP agent (cookies and
// HTML forms) instead of the browser.
func useHTTPAgent(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, "agent: http\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkPeerVerdicts runs the suite against a peer and compares the verdicts
// with testdata/peers/<name>.verdicts, or rewrites that file when update is
// set.
func checkPeerVerdicts(t *testing.T, name string, update bool, p *peers.Peer) {
	f, err := target.Load(p.TargetPath)
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := target.Resolve(f, p.TargetPath)
	if err != nil {
		t.Fatal(err)
	}
	run, _, err := runner.Run(context.Background(), runner.Config{Target: tgt, Features: features.FS, Browser: sharedBrowser})
	if err != nil {
		t.Fatalf("run against %s: %v", name, err)
	}
	var lines []string
	for _, s := range run.Scenarios {
		lines = append(lines, fmt.Sprintf("%-14s %-34s %s", s.Verdict, s.Rule.ID, s.Name))
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "peers", name+".verdicts")
	if update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s:\n%s\n%s", path, got, describe(run))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no expected verdicts (%v); run with TOETS_UPDATE_PEERS=1 and explain them in docs/peers.md", err)
	}
	if string(want) != got {
		t.Errorf("verdicts against %s changed:\nwant:\n%s\ngot:\n%s\ndetails:\n%s", name, want, got, describe(run))
	}
}
