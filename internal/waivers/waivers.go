// Package waivers reads a waivers file, the committed list of known issues
// of a target ("rule X fails until the fix ships, signed by Y"), and applies
// it to a run: a failure or warning that an unexpired waiver covers becomes
// the verdict waived and no longer fails the run; after the waiver's date it
// fails again, with a note saying that the waiver expired.
//
// Errors (harness or configuration problems) cannot be waived: they mean
// the rule was not judged, and a waiver must not hide that.
package waivers

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/toets/toets/internal/bounded"
	"github.com/toets/toets/reports"
)

// Waiver is one entry of the file. Exactly one of Rule and Scenario says
// what it covers.
type Waiver struct {
	// Rule is a rule id (the value of @rule:<id>); it covers every scenario
	// of the rule, outline rows included.
	Rule string `yaml:"rule,omitempty"`
	// Scenario is a scenario's name exactly as the report shows it.
	Scenario string `yaml:"scenario,omitempty"`
	Reason   string `yaml:"reason"`
	// Expires is the last day (YYYY-MM-DD, UTC) the waiver counts.
	Expires string `yaml:"expires"`
	By      string `yaml:"by"`

	lastDay time.Time
}

// File is a waivers file.
type File struct {
	Waivers []Waiver `yaml:"waivers"`
}

// Load reads and validates a waivers file.
func Load(path string) ([]Waiver, error) {
	b, err := bounded.ReadFile(path, bounded.Waivers, "waivers file")
	if err != nil {
		return nil, err
	}
	ws, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("waivers file %s: %w", path, err)
	}
	return ws, nil
}

// Parse decodes a waivers file. Unknown keys are refused: a misspelt
// "expires" would otherwise make a waiver last for ever. Every problem is
// reported at once.
func Parse(b []byte) ([]Waiver, error) {
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a valid waivers file: %w", err)
	}
	var errs []error
	for i := range f.Waivers {
		w := &f.Waivers[i]
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("waivers[%d]: %s", i, fmt.Sprintf(format, a...)))
		}
		if (w.Rule == "") == (w.Scenario == "") {
			bad("exactly one of rule and scenario is required")
		}
		if strings.TrimSpace(w.Reason) == "" {
			bad("reason is required")
		}
		if strings.TrimSpace(w.By) == "" {
			bad("by is required (who signed for the waiver)")
		}
		d, err := time.Parse(time.DateOnly, w.Expires)
		if err != nil {
			bad("expires %q is not a date YYYY-MM-DD (a waiver without an end is not allowed)", w.Expires)
		}
		w.lastDay = d
	}
	return f.Waivers, errors.Join(errs...)
}

// covers says whether the waiver names this scenario.
func (w Waiver) covers(s *reports.Scenario) bool {
	if w.Rule != "" {
		return w.Rule == s.Rule.ID
	}
	return w.Scenario == s.Name
}

// expired is true once the expiry day has passed in UTC.
func (w Waiver) expired(now time.Time) bool {
	return now.UTC().After(w.lastDay.Add(24*time.Hour - time.Nanosecond))
}

// Apply marks the failed and warned scenarios that a waiver covers. It
// returns the number of scenarios waived and of waivers that matched a
// failure but had expired. The first matching waiver in file order counts.
func Apply(run *reports.Run, ws []Waiver, now time.Time) (waived, expired int) {
	for _, s := range run.Scenarios {
		if s.Verdict != reports.Fail && s.Verdict != reports.Warning {
			continue
		}
		for _, w := range ws {
			if !w.covers(s) {
				continue
			}
			s.Waiver = &reports.Waiver{Reason: w.Reason, By: w.By, Expires: w.Expires, Was: s.Verdict}
			if w.expired(now) {
				s.Waiver.Expired = true
				note := fmt.Sprintf("waiver expired on %s (%s, signed by %s): the failure counts again", w.Expires, w.Reason, w.By)
				s.Notes = append(s.Notes, note)
				s.Message = strings.TrimRight(s.Message+"\n"+note, "\n")
				expired++
			} else {
				s.Verdict = reports.Waived
				waived++
			}
			break
		}
	}
	return waived, expired
}

// Unused lists the waivers that matched no scenario of the run, so stale
// entries can be removed from the file.
func Unused(run *reports.Run, ws []Waiver) []Waiver {
	var out []Waiver
	for _, w := range ws {
		used := false
		for _, s := range run.Scenarios {
			if w.covers(s) {
				used = true
				break
			}
		}
		if !used {
			out = append(out, w)
		}
	}
	return out
}

// Label names a waiver in messages.
func (w Waiver) Label() string {
	if w.Rule != "" {
		return "rule " + w.Rule
	}
	return fmt.Sprintf("scenario %q", w.Scenario)
}
