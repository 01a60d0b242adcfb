package suite

import (
	"fmt"
	"os"
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
	for _, f := range refserver.Faults {
		if len(only) > 0 && !only[f.Name] {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			tags := "@rule:" + f.Rule
			if full {
				tags = ""
			}
			res := runReferenceProfile(t, profiles[f.Rule], tags, 1, f.Name)
			var own, others []string
			for _, s := range res.run.Scenarios {
				failed := s.Verdict == reports.Fail || s.Verdict == reports.Warning
				switch {
				case s.Rule.ID == f.Rule && !failed:
					t.Errorf("fault %s violates rule %s, but scenario %q did not fail (verdict %s)\n%s", f.Name, f.Rule, s.Name, s.Verdict, describe(res.run))
				case s.Rule.ID == f.Rule:
					own = append(own, s.Name)
				case failed || s.Verdict == reports.Error:
					others = append(others, fmt.Sprintf("%s [%s]", s.Rule.ID, s.Verdict))
				}
			}
			if len(own) == 0 {
				t.Errorf("fault %s: no scenario of rule %s ran", f.Name, f.Rule)
			}
			line := fmt.Sprintf("%-30s %-30s fails %d own scenario(s)", f.Name, f.Rule, len(own))
			if full {
				sort.Strings(others)
				line += fmt.Sprintf("; also fails: %s", orNone(strings.Join(others, ", ")))
			}
			lines = append(lines, line)
		})
	}
	t.Logf("fault matrix:\n%s", strings.Join(lines, "\n"))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
