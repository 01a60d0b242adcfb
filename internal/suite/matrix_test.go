package suite

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/rules"
	"github.com/toets/toets/reports"
)

// TestFaultMatrix starts the reference server with each fault of the table
// and runs the scenarios of the rule it violates: each of them must fail
// (or warn, for a SHOULD). Together with TestReferenceServerPassesEveryRule
// this proves every check can fail and does not fail without cause.
//
// With TOETS_FULL_MATRIX=1 (make matrix) every fault runs against every
// scenario, and the test also lists the scenarios that fail under faults
// that are not their own, to show how selective each check is.
func TestFaultMatrix(t *testing.T) {
	full := os.Getenv("TOETS_FULL_MATRIX") != ""
	var lines []string
	// TOETS_FAULTS (comma-separated names) narrows the matrix while a rule
	// group is being written.
	only := map[string]bool{}
	for _, n := range strings.Split(os.Getenv("TOETS_FAULTS"), ",") {
		if n != "" {
			only[n] = true
		}
	}
	entries, err := rules.Catalog(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	profiles := map[string]string{}
	for _, e := range entries {
		profiles[e.Rule.ID] = profileFor(e.Rule)
	}
	// Both user agents: a check must fail under its fault whichever agent
	// plays the person. TOETS_AGENTS (browser,http) narrows.
	agents := []string{"browser", "http"}
	if a := os.Getenv("TOETS_AGENTS"); a != "" {
		agents = strings.Split(a, ",")
	}
	for _, agent := range agents {
		for _, f := range refserver.Faults {
			if len(only) > 0 && !only[f.Name] {
				continue
			}
			if agent == "http" && f.BrowserOnly() {
				// A script's misdeed: the HTTP agent runs no script, so
				// nothing under it can fail, and nothing leaks either.
				lines = append(lines, fmt.Sprintf("%-7s %-32s %-34s not run: only a browser runs the page's script", agent, f.Name, f.Rule))
				continue
			}
			t.Run(agent+"/"+f.Name, func(t *testing.T) {
				lines = append(lines, matrixRow(t, agent, f, profiles[f.Rule], full))
			})
		}
	}
	t.Logf("fault matrix:\n%s", strings.Join(lines, "\n"))
}

// matrixRow runs one fault's scenarios (every scenario, when full) and
// checks that each scenario of the fault's rule fails.
func matrixRow(t *testing.T, agent string, f refserver.Fault, profile string, full bool) string {
	tags := "@rule:" + f.Rule
	if full {
		tags = ""
	}
	res := runReferenceAgent(t, agent, profile, tags, 1, f.Name)
	var own, others, checks []string
	for _, s := range res.run.Scenarios {
		failed := s.Verdict == reports.Fail || s.Verdict == reports.Warning
		switch {
		case s.Rule.ID == f.Rule && !failed:
			t.Errorf("fault %s violates rule %s, but scenario %q did not fail (verdict %s, agent %s)\n%s", f.Name, f.Rule, s.Name, s.Verdict, agent, describe(res.run))
		case s.Rule.ID == f.Rule:
			own = append(own, s.Name)
			for _, c := range s.FailedChecks {
				if !slices.Contains(checks, c) {
					checks = append(checks, c)
				}
			}
		case failed || s.Verdict == reports.Error:
			others = append(others, fmt.Sprintf("%s [%s]", s.Rule.ID, s.Verdict))
		}
	}
	if len(own) == 0 {
		t.Errorf("fault %s: no scenario of rule %s ran", f.Name, f.Rule)
	}
	if want := f.Check(); want != "" && len(own) > 0 && !slices.Contains(checks, want) {
		t.Errorf("fault %s (agent %s) must be found by check %s, but the scenarios of %s failed at %v: caught by accident, or the check does not see the fault\n%s", f.Name, agent, want, f.Rule, checks, describe(res.run))
	}
	line := fmt.Sprintf("%-7s %-32s %-34s fails %d own scenario(s)", agent, f.Name, f.Rule, len(own))
	if len(checks) > 0 {
		line += " at " + strings.Join(checks, ", ")
	}
	if full {
		sort.Strings(others)
		line += fmt.Sprintf("; also fails: %s", orNone(strings.Join(others, ", ")))
	}
	return line
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
