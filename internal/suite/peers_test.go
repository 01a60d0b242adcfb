package suite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/peers"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
)

// TestIndependentServers runs the whole suite against real OAuth/OIDC
// servers that no one in this project wrote and compares every verdict with
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
	}{
		{"zitadel", peers.StartZitadel},
		{"gooauth2", peers.StartGoOAuth2},
	} {
		t.Run(peer.name, func(t *testing.T) {
			p, err := peer.start(ca)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			checkPeerVerdicts(t, peer.name, p)
		})
	}
}

// checkPeerVerdicts runs the suite against a peer and compares the verdicts
// with testdata/peers/<name>.verdicts.
func checkPeerVerdicts(t *testing.T, name string, p *peers.Peer) {
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
	if os.Getenv("TOETS_UPDATE_PEERS") != "" {
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
