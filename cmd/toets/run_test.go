package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/internal/baseline"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/reports"
)

// Two HTTP-only rules, each broken by one fault of the reference server.
const (
	testTags        = "@rule:token-error-rfc0015,@rule:token-form-encoded"
	rfc0015Fault    = "token-access-denied" // breaks token-error-rfc0015
	jsonFault       = "json-body-accepted"  // breaks token-form-encoded
	waivedRule      = "token-form-encoded"
	regressingRule  = "token-error-rfc0015"
	waiverFileValid = "waivers:\n- rule: token-form-encoded\n  reason: JSON bodies are accepted until release 4.2\n  expires: %s\n  by: Jan Jansen\n"
)

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return -1
}

func runAgainst(t *testing.T, faults []string, out string, extra runExtras) int {
	t.Helper()
	in, err := embedded.Start("", faults)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	extra.noLoginCheck = true
	if extra.failOn == "" {
		extra.failOn = "any"
	}
	err = runSuite(runFlags{target: in.TargetPath, tags: testTags, out: out, concurrency: 1,
		requestTimeout: 10 * time.Second, scenarioTimeout: 30 * time.Second, extra: extra})
	return exitCodeOf(err)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWaiverAndBaseline(t *testing.T) {
	dir := t.TempDir()
	waiverFile := filepath.Join(dir, "waivers.yaml")
	tomorrow := time.Now().UTC().Add(24 * time.Hour).Format(time.DateOnly)
	if err := os.WriteFile(waiverFile, []byte(strings.ReplaceAll(waiverFileValid, "%s", tomorrow)), 0o600); err != nil {
		t.Fatal(err)
	}

	// The baseline: a conforming server.
	base := filepath.Join(dir, "base")
	if code := runAgainst(t, nil, base, runExtras{}); code != 0 {
		t.Fatalf("baseline run: exit %d, want 0", code)
	}

	// Both rules broken; one is waived, the other regressed.
	second := filepath.Join(dir, "second")
	code := runAgainst(t, []string{rfc0015Fault, jsonFault}, second, runExtras{waiversFile: waiverFile, baselineDir: base})
	if code != 1 {
		t.Errorf("run with a waiver and a regression: exit %d, want 1", code)
	}
	res, err := baseline.Load(second)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Scenarios {
		want := reports.Fail
		if s.RuleID == waivedRule {
			want = reports.Waived
		}
		if s.Verdict != want {
			t.Errorf("%s: %s, want %s", s.RuleID, s.Verdict, want)
		}
	}
	html := readFile(t, filepath.Join(second, reports.HTMLFile))
	for _, want := range []string{"Compared with the baseline", "New failures (regressions)", regressingRule, "Manifest"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	junit := readFile(t, filepath.Join(second, reports.JUnitFile))
	if !strings.Contains(junit, "waived: JSON bodies are accepted until release 4.2 (Jan Jansen, until "+tomorrow+")") {
		t.Error("junit.xml lacks the waiver as a skip message")
	}
	results := readFile(t, filepath.Join(second, reports.ResultsFile))
	for _, want := range []string{`"manifest"`, `"featuresSha256"`, `"targetFileSha256"`, `"comparison"`, `"newFailures"`} {
		if !strings.Contains(results, want) {
			t.Errorf("results.json lacks %s", want)
		}
	}
	csv := readFile(t, filepath.Join(second, reports.RequirementsFile))
	if !strings.Contains(csv, "token-form-encoded,MUST") || !strings.Contains(csv, ",waived\n") || !strings.Contains(csv, ",not run\n") {
		t.Errorf("requirements.csv does not list the catalog with verdicts:\n%s", csv)
	}

	// toets report diff gives the same comparison, exit 1 for the regression.
	diff := reportCommand()
	diff.SetArgs([]string{"diff", base, second})
	if code := exitCodeOf(diff.Execute()); code != 1 {
		t.Errorf("report diff with a regression: exit %d, want 1", code)
	}
	diff = reportCommand()
	diff.SetArgs([]string{"diff", second, second})
	if code := exitCodeOf(diff.Execute()); code != 0 {
		t.Errorf("report diff of a run with itself: exit %d, want 0", code)
	}

	// Against the second run, nothing regresses: --fail-on regressions
	// passes although a MUST rule still fails.
	code = runAgainst(t, []string{rfc0015Fault, jsonFault}, filepath.Join(dir, "third"), runExtras{waiversFile: waiverFile, baselineDir: second, failOn: "regressions"})
	if code != 0 {
		t.Errorf("--fail-on regressions without regressions: exit %d, want 0", code)
	}
	// Without that flag the remaining failure fails the run.
	code = runAgainst(t, []string{rfc0015Fault, jsonFault}, filepath.Join(dir, "fourth"), runExtras{waiversFile: waiverFile, baselineDir: second})
	if code != 1 {
		t.Errorf("--fail-on any with a failure: exit %d, want 1", code)
	}

	// An expired waiver: the failure counts again, with a note.
	expiredFile := filepath.Join(dir, "expired.yaml")
	os.WriteFile(expiredFile, []byte(strings.ReplaceAll(waiverFileValid, "%s", "2020-01-01")), 0o600)
	fifth := filepath.Join(dir, "fifth")
	runAgainst(t, []string{jsonFault}, fifth, runExtras{waiversFile: expiredFile})
	if r := readFile(t, filepath.Join(fifth, reports.ResultsFile)); !strings.Contains(r, "waiver expired on 2020-01-01") {
		t.Error("an expired waiver is not noted")
	}

	// --rerun-failed selects the rules that failed in the second run.
	old, _ := baseline.Load(fifth)
	if got := RerunTags(old); got != "@rule:"+waivedRule {
		t.Errorf("rerun tags %q", got)
	}
}

func TestRunStopsOnPreflightProblems(t *testing.T) {
	in, err := embedded.Start("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	os.WriteFile(filepath.Join(in.Dir, "client-1.secret"), []byte("wrong"), 0o600)
	out := filepath.Join(t.TempDir(), "out")
	err = runSuite(runFlags{target: in.TargetPath, tags: testTags, out: out, concurrency: 1,
		requestTimeout: 10 * time.Second, scenarioTimeout: 30 * time.Second, extra: runExtras{failOn: "any", noLoginCheck: true}})
	if exitCodeOf(err) != 2 || !strings.Contains(err.Error(), "configuration problem") {
		t.Errorf("got %v, want exit 2 naming the configuration problem", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("rules ran although the preflight failed")
	}
}

func TestCombineTags(t *testing.T) {
	for _, tc := range []struct{ user, group, want string }{
		{"", "@rule:a,@rule:b", "@rule:a,@rule:b"},
		{"@token && ~@browser", "@rule:a", "@token && ~@browser && @rule:a"},
	} {
		if got := CombineTags(tc.user, tc.group); got != tc.want {
			t.Errorf("CombineTags(%q, %q) = %q", tc.user, tc.group, got)
		}
	}
}
