package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Comparison is what changed between a baseline run (the last nightly, say)
// and this one, rule by rule.
type Comparison struct {
	// Baseline names the baseline run: its folder and when it started.
	Baseline        string    `json:"baseline"`
	BaselineStarted time.Time `json:"baselineStarted"`
	// NewFailures are scenarios that fail now and did not fail in the
	// baseline (or were not in it): the regressions.
	NewFailures []ComparisonEntry `json:"newFailures"`
	// Fixed are scenarios that failed, errored, warned or were waived in the
	// baseline and pass now.
	Fixed []ComparisonEntry `json:"fixed"`
	// Changed are scenarios whose verdict changed otherwise, or whose
	// evidence (the message: error code, status, expected and received)
	// changed under the same verdict.
	Changed []ComparisonEntry `json:"changed"`
}

// ComparisonEntry is one scenario in both runs.
type ComparisonEntry struct {
	RuleID     string  `json:"ruleId"`
	Name       string  `json:"name"`
	Was        Verdict `json:"was,omitempty"` // empty: not in the baseline
	Now        Verdict `json:"now,omitempty"` // empty: not in this run
	WasMessage string  `json:"wasMessage,omitempty"`
	NowMessage string  `json:"nowMessage,omitempty"`
}

// Regressions is the number of new failures.
func (c *Comparison) Regressions() int { return len(c.NewFailures) }

// WriteText writes the comparison for a terminal, CI log or `toets report
// diff`.
func (c *Comparison) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "compared with baseline %s", c.Baseline)
	if !c.BaselineStarted.IsZero() {
		fmt.Fprintf(&b, " (run of %s)", formatTime(c.BaselineStarted))
	}
	fmt.Fprintf(&b, ": %d new %s, %d fixed, %d changed\n", len(c.NewFailures), plural(len(c.NewFailures), "failure", "failures"), len(c.Fixed), len(c.Changed))
	section := func(title string, entries []ComparisonEntry, messages bool) {
		if len(entries) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:\n", title)
		for _, e := range entries {
			fmt.Fprintf(&b, "  %s: %s (%s -> %s)\n", ruleLabel(e.RuleID), e.Name, verdictOrAbsent(e.Was), verdictOrAbsent(e.Now))
			if messages && e.WasMessage != e.NowMessage {
				if e.WasMessage != "" {
					fmt.Fprintf(&b, "      was: %s\n", firstLine(e.WasMessage))
				}
				if e.NowMessage != "" {
					fmt.Fprintf(&b, "      now: %s\n", firstLine(e.NowMessage))
				}
			}
		}
	}
	section("new failures (regressions)", c.NewFailures, true)
	section("fixed", c.Fixed, false)
	section("changed", c.Changed, true)
	_, err := io.WriteString(w, b.String())
	return err
}

func verdictOrAbsent(v Verdict) string {
	if v == "" {
		return "absent"
	}
	return verdictLabel(v)
}
