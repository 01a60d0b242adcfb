package suite

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/toets/toets/reports"
)

// TestSameVerdictEveryTime runs the whole suite several times against the
// reference server, alternating concurrency 1 and 4, and counts the runs
// whose verdicts differ from the first: the target is 0. By default it runs
// twice (once at each concurrency); make flake runs it 20 times.
func TestSameVerdictEveryTime(t *testing.T) {
	runs := 2
	if n, err := strconv.Atoi(os.Getenv("TOETS_FLAKE_RUNS")); err == nil && n > 0 {
		runs = n
	}
	var first map[string]reports.Verdict
	differ := 0
	for i := 0; i < runs; i++ {
		concurrency := 1
		if i%2 == 1 {
			concurrency = 4
		}
		res := runReference(t, os.Getenv("TOETS_TAGS"), concurrency)
		got := map[string]reports.Verdict{}
		for _, s := range res.run.Scenarios {
			got[s.FeatureURI+":"+strconv.Itoa(s.Line)+" "+s.Name] = s.Verdict
		}
		if first == nil {
			first = got
			continue
		}
		if diff := verdictDiff(first, got); diff != "" {
			differ++
			t.Errorf("run %d (concurrency %d) differs from run 1:\n%s\n%s", i+1, concurrency, diff, describe(res.run))
		}
	}
	t.Logf("%d of %d runs differ from the first", differ, runs)
}

func verdictDiff(a, b map[string]reports.Verdict) string {
	out := ""
	for k, v := range a {
		if b[k] != v {
			out += fmt.Sprintf("  %s: %s then %s\n", k, v, b[k])
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			out += fmt.Sprintf("  %s: missing then %s\n", k, v)
		}
	}
	return out
}
