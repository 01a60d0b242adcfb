package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// RequirementsFile is the name of the requirements matrix WriteAll writes.
const RequirementsFile = "requirements.csv"

// CatalogRule is one rule of the feature files with the scenarios that
// prove it, whether or not this run selected them.
type CatalogRule struct {
	ID        string
	Level     string
	Interface string
	Sources   []string
	Profiles  []string
	Scenarios []string
}

// notRun is the verdict column of a rule that no scenario of this run
// judged (left out by the tag filter, or by --rerun-failed).
const notRun = "not run"

// WriteRequirementsCSV writes the requirements matrix: one row per rule id
// with its level, interface, sources, profiles, the scenarios that prove it
// and the run's verdict for it (the one needing most attention among its
// scenarios, in the order of Verdicts). Rules come from r.Catalog when the
// caller set it, otherwise from the scenarios that ran.
func WriteRequirementsCSV(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: WriteRequirementsCSV: no run")
	}
	catalog := r.Catalog
	if catalog == nil {
		catalog = catalogFromScenarios(r.Scenarios)
	}
	verdicts := map[string][]Verdict{}
	for _, s := range r.Scenarios {
		verdicts[s.Rule.ID] = append(verdicts[s.Rule.ID], s.Verdict)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"rule_id", "level", "interface", "sources", "profiles", "scenarios", "verdict"})
	for _, c := range catalog {
		_ = cw.Write([]string{c.ID, levelLabel(c.Level), c.Interface, strings.Join(c.Sources, " "), strings.Join(c.Profiles, " "),
			strings.Join(c.Scenarios, " | "), worstVerdict(verdicts[c.ID])})
	}
	cw.Flush()
	return cw.Error()
}

func catalogFromScenarios(scenarios []*Scenario) []CatalogRule {
	var out []CatalogRule
	index := map[string]int{}
	for _, s := range scenarios {
		i, ok := index[s.Rule.ID]
		if !ok {
			i = len(out)
			index[s.Rule.ID] = i
			out = append(out, CatalogRule{ID: s.Rule.ID, Level: s.Rule.Level, Interface: s.Rule.Interface, Sources: s.Rule.Sources, Profiles: s.Rule.Profiles})
		}
		if !containsString(out[i].Scenarios, s.Name) {
			out[i].Scenarios = append(out[i].Scenarios, s.Name)
		}
	}
	return out
}

func worstVerdict(vs []Verdict) string {
	if len(vs) == 0 {
		return notRun
	}
	for _, v := range Verdicts {
		for _, got := range vs {
			if got == v {
				return string(v)
			}
		}
	}
	return string(vs[0])
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
