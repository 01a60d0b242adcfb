// Package baseline compares a run with an earlier one (the last nightly,
// a release's certification run) rule by rule: what fails now that did not,
// what was fixed, and where the evidence changed under the same verdict. It
// reads the results.json the reports package writes, so any two report
// folders can be compared, and it needs nothing else from the old run.
package baseline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/toets/toets/internal/bounded"
	"github.com/toets/toets/reports"
)

// Result is one scenario's outcome, as much of it as a comparison needs.
type Result struct {
	RuleID  string          `json:"ruleId"`
	Name    string          `json:"name"`
	Verdict reports.Verdict `json:"verdict"`
	Message string          `json:"message,omitempty"`
}

// Results is a run's outcomes.
type Results struct {
	// Source names where they came from (a folder).
	Source    string    `json:"-"`
	Started   time.Time `json:"started"`
	Scenarios []Result  `json:"scenarios"`
}

// Load reads results.json from a report folder (or the file itself).
func Load(path string) (*Results, error) {
	file := path
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		file = filepath.Join(path, reports.ResultsFile)
	}
	b, err := bounded.ReadFile(file, bounded.Results, "baseline")
	if err != nil {
		return nil, err
	}
	r, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", file, err)
	}
	r.Source = path
	return r, nil
}

// Parse decodes a results.json document. Fields it does not need are
// ignored, so results of later schema versions still compare.
func Parse(b []byte) (*Results, error) {
	var doc struct {
		Schema int `json:"schema"`
		Results
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not a results.json document: %v", err)
	}
	if doc.Schema < 1 {
		return nil, fmt.Errorf("not a results.json document: no schema version")
	}
	for i, s := range doc.Scenarios {
		if s.Name == "" || s.Verdict == "" {
			return nil, fmt.Errorf("scenarios[%d] has no name or verdict", i)
		}
	}
	return &doc.Results, nil
}

// FromRun takes the outcomes of a run in memory.
func FromRun(run *reports.Run, source string) *Results {
	r := &Results{Source: source, Started: run.Started}
	for _, s := range run.Scenarios {
		r.Scenarios = append(r.Scenarios, Result{RuleID: s.Rule.ID, Name: s.Name, Verdict: s.Verdict, Message: s.Message})
	}
	return r
}

// key identifies a scenario across runs: its rule, its name and, for
// outline rows that share both, its position among them.
func keys(rs []Result) []string {
	seen := map[string]int{}
	out := make([]string, len(rs))
	for i, r := range rs {
		k := r.RuleID + "\x00" + r.Name
		out[i] = fmt.Sprintf("%s\x00%d", k, seen[k])
		seen[k]++
	}
	return out
}

// origins are scheme://host:port parts of URLs: the reference server and
// many test deployments get a new port each run, which is not a change of
// evidence.
var origins = regexp.MustCompile(`https?://[^/\s"']+`)

func evidence(message string) string { return origins.ReplaceAllString(message, "<origin>") }

// Compare lists what changed from old to new. A scenario is a new failure
// when it fails now and did not fail before (including when it was not in
// the old run, or was waived then and its waiver has expired).
func Compare(old, new *Results) *reports.Comparison {
	c := &reports.Comparison{Baseline: old.Source, BaselineStarted: old.Started,
		NewFailures: []reports.ComparisonEntry{}, Fixed: []reports.ComparisonEntry{}, Changed: []reports.ComparisonEntry{}}
	before := map[string]Result{}
	for i, k := range keys(old.Scenarios) {
		before[k] = old.Scenarios[i]
	}
	for i, k := range keys(new.Scenarios) {
		now := new.Scenarios[i]
		was, had := before[k]
		delete(before, k)
		e := reports.ComparisonEntry{RuleID: now.RuleID, Name: now.Name, Now: now.Verdict, NowMessage: now.Message}
		if had {
			e.Was, e.WasMessage = was.Verdict, was.Message
		}
		switch {
		case now.Verdict == reports.Fail && (!had || was.Verdict != reports.Fail):
			c.NewFailures = append(c.NewFailures, e)
		case had && now.Verdict == reports.Pass && was.Verdict != reports.Pass && was.Verdict != reports.NotApplicable:
			c.Fixed = append(c.Fixed, e)
		case had && (was.Verdict != now.Verdict || evidence(was.Message) != evidence(now.Message)):
			c.Changed = append(c.Changed, e)
		}
	}
	// Scenarios that disappeared (a narrower tag filter, a removed rule)
	// are changes too: silence must not look like a fix.
	for _, k := range keys(old.Scenarios) {
		if was, ok := before[k]; ok {
			c.Changed = append(c.Changed, reports.ComparisonEntry{RuleID: was.RuleID, Name: was.Name, Was: was.Verdict, WasMessage: was.Message})
		}
	}
	return c
}
