package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestInterruptedRunSaysSoEverywhere: a run stopped by SIGINT whose
// finished rules all passed must not read as a pass in any format: each
// says interrupted and exit 130, as the process does, and JUnit's counts
// turn CI red.
func TestInterruptedRunSaysSoEverywhere(t *testing.T) {
	r := &Run{Tool: "toets", Interrupted: true, Exit: 130, ExitDecided: true, Target: Target{Name: "Acme"},
		Scenarios: []*Scenario{{Name: "passes", Feature: "token", FeatureURI: "token/a.feature", Verdict: Pass, Rule: Rule{ID: "a", Level: "must"}}}}

	var results bytes.Buffer
	if err := WriteResultsJSON(&results, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Interrupted bool `json:"interrupted"`
		ExitCode    int  `json:"exitCode"`
	}
	if err := json.Unmarshal(results.Bytes(), &doc); err != nil || !doc.Interrupted || doc.ExitCode != 130 {
		t.Errorf("results.json: %+v, %v; want interrupted, exit 130", doc, err)
	}

	got := parseJUnit(t, r)
	if got.Errors != 1 || got.Failures != 0 || got.Tests != 2 {
		t.Errorf("junit counts tests=%d failures=%d errors=%d, want 2/0/1 (the rule that ran, and the interruption)", got.Tests, got.Failures, got.Errors)
	}
	last := got.Suites[len(got.Suites)-1]
	if last.Name != "toets run" || len(last.Cases) != 1 || last.Cases[0].Error == nil || last.Cases[0].Error.Type != "interrupted" ||
		!strings.Contains(last.Cases[0].Error.Message, "exit 130") {
		t.Errorf("junit has no interrupted marker suite: %+v", last)
	}
	for _, s := range got.Suites {
		props := map[string]string{}
		for _, p := range s.Properties {
			props[p.Name] = p.Value
		}
		if props["exitCode"] != "130" || !strings.HasPrefix(props["interrupted"], "true") {
			t.Errorf("suite %s: properties %v lack exitCode 130 and interrupted", s.Name, props)
		}
	}

	var summary bytes.Buffer
	if err := WriteSummary(&summary, r, "out"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary.String(), "exit 130: interrupted (SIGINT)") || strings.Contains(summary.String(), "exit 0") {
		t.Errorf("summary:\n%s", summary.String())
	}

	var cuke bytes.Buffer
	if err := WriteCucumberJSON(&cuke, r); err != nil {
		t.Fatal(err)
	}
	var features []struct {
		Name     string `json:"name"`
		Elements []struct {
			Steps []struct {
				Result struct {
					Status       string `json:"status"`
					ErrorMessage string `json:"error_message"`
				} `json:"result"`
			} `json:"steps"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(cuke.Bytes(), &features); err != nil || len(features) == 0 {
		t.Fatalf("cucumber.json: %v", err)
	}
	marker := features[len(features)-1]
	if marker.Name != "toets run" || len(marker.Elements) != 1 || marker.Elements[0].Steps[0].Result.Status != "failed" ||
		!strings.Contains(marker.Elements[0].Steps[0].Result.ErrorMessage, "exit 130") {
		t.Errorf("cucumber.json has no failed interruption scenario: %+v", marker)
	}

	var html bytes.Buffer
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "The run was interrupted") || !strings.Contains(html.String(), "exit 130") {
		t.Error("report.html's first page does not say interrupted, exit 130")
	}
}

// TestUninterruptedJUnitHasNoMarker: a complete run gets no extra suite.
func TestUninterruptedJUnitHasNoMarker(t *testing.T) {
	r := &Run{Scenarios: []*Scenario{{Name: "passes", Feature: "token", Verdict: Pass}}}
	got := parseJUnit(t, r)
	if len(got.Suites) != 1 || got.Errors != 0 {
		t.Errorf("suites %d errors %d", len(got.Suites), got.Errors)
	}
}
