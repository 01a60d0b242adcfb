package rules

import (
	"testing"

	"github.com/toets/toets/reports"
)

// TestDecide: the one place a scenario's outcome becomes a verdict. Not
// applicable and error win over a failure (the rule was not judged), and a
// failed SHOULD is a warning.
func TestDecide(t *testing.T) {
	for _, c := range []struct {
		level                         string
		notApplicable, harness, fails bool
		want                          reports.Verdict
	}{
		{"must", false, false, false, reports.Pass},
		{"should", false, false, false, reports.Pass},
		{"must", false, false, true, reports.Fail},
		{"should", false, false, true, reports.Warning},
		{"must", false, true, false, reports.Error},
		{"must", false, true, true, reports.Error},
		{"should", false, true, true, reports.Error},
		{"must", true, false, false, reports.NotApplicable},
		{"must", true, true, true, reports.NotApplicable},
		{"should", true, false, true, reports.NotApplicable},
	} {
		if got := Decide(c.level, c.notApplicable, c.harness, c.fails); got != c.want {
			t.Errorf("Decide(%s, n/a=%v, harness=%v, failed=%v) = %s, want %s", c.level, c.notApplicable, c.harness, c.fails, got, c.want)
		}
	}
}
