package suite

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/redact"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

// sharedBrowser is the one Chromium of the package's tests.
var sharedBrowser *browser.Browser

func TestMain(m *testing.M) {
	ca, err := embedded.CA()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sharedBrowser = browser.New(browser.Options{Bin: os.Getenv("TOETS_BROWSER"), TrustedCAs: [][]byte{ca.CertPEM()}})
	code := m.Run()
	sharedBrowser.Close()
	if left := leakedGoroutines(leakWait, modulePrefix); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "%d goroutines of toets still run after the tests (a leak: something was not closed):\n\n%s\n",
			len(left), strings.Join(left, "\n\n"))
		code = 1
	}
	os.Exit(code)
}

// result is a run of the suite against the reference server.
type result struct {
	run      *reports.Run
	redactor *redact.Redactor
	// issued are the secrets the server made or handed out.
	issued []string
}

// runReference starts the reference server with faults and runs the
// scenarios the tag expression selects.
func runReference(t *testing.T, tags string, concurrency int, faults ...string) result {
	t.Helper()
	return runReferenceProfile(t, "medmij", tags, concurrency, faults...)
}

// runReferenceProfile is runReference with the server playing a profile.
func runReferenceProfile(t *testing.T, profile, tags string, concurrency int, faults ...string) result {
	t.Helper()
	return runReferenceAgent(t, "browser", profile, tags, concurrency, faults...)
}

// runReferenceAgent is runReferenceProfile with the person's part played by
// the given user agent (browser or http).
func runReferenceAgent(t *testing.T, agent, profile, tags string, concurrency int, faults ...string) result {
	t.Helper()
	return runReferenceEdited(t, profile, tags, concurrency, func(f *target.File) { f.Agent = agent }, faults...)
}

// runReferenceEdited runs against the reference server with its target
// file changed by edit first: a vendor's file that leaves things out.
func runReferenceEdited(t *testing.T, profile, tags string, concurrency int, edit func(*target.File), faults ...string) result {
	t.Helper()
	in, err := embedded.StartProfile("", profile, faults)
	if err != nil {
		t.Fatalf("starting the reference server with %v: %v", faults, err)
	}
	defer in.Close()
	f, err := target.Load(in.TargetPath)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	tgt, err := target.Resolve(f, in.TargetPath)
	if err != nil {
		t.Fatal(err)
	}
	run, red, err := runner.Run(context.Background(), runner.Config{
		Target: tgt, Features: features.FS, Tags: tags, Concurrency: concurrency, Browser: sharedBrowser,
	})
	if err != nil {
		t.Fatalf("run with faults %v: %v", faults, err)
	}
	return result{run: run, redactor: red, issued: in.Server.Issued()}
}

// describe lists the scenarios and verdicts of a run for a test failure.
func describe(run *reports.Run) string {
	var b strings.Builder
	for _, s := range run.Scenarios {
		fmt.Fprintf(&b, "  %-14s %-30s %s\n", s.Verdict, s.Rule.ID, s.Name)
		if s.Message != "" && s.Verdict != reports.Pass {
			fmt.Fprintf(&b, "      %s\n", strings.ReplaceAll(s.Message, "\n", "\n      "))
		}
	}
	return b.String()
}

// profileFor is the profile a rule is proven under: medmij when the rule
// belongs to it (or to every profile), else the first profile it names.
func profileFor(r reports.Rule) string {
	for _, p := range r.Profiles {
		if p == "any" || p == "medmij" {
			return "medmij"
		}
	}
	if len(r.Profiles) > 0 {
		return r.Profiles[0]
	}
	return "medmij"
}
