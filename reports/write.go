package reports

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The names of the files WriteAll writes. CI configurations and the summary
// refer to them, so they are fixed.
const (
	HTMLFile     = "report.html"
	JUnitFile    = "junit.xml"
	CucumberFile = "cucumber.json"
	ResultsFile  = "results.json"
)

// WriteAll creates dir and writes the report files into it: report.html,
// junit.xml, cucumber.json, results.json and requirements.csv. It returns the paths of the
// files it wrote.
//
// r must already be redacted (Run.Redacted): WriteAll and the renderers
// write what they are given, so that redaction happens in exactly one place.
//
// A file that cannot be written does not stop the others: after a long run
// any evidence is better than none. The error joins every failure.
func WriteAll(dir string, r *Run) (files []string, err error) {
	if r == nil {
		return nil, fmt.Errorf("reports: WriteAll: no run")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports: creating report directory: %w", err)
	}
	outputs := []struct {
		name  string
		write func(io.Writer, *Run) error
	}{
		{HTMLFile, WriteHTML},
		{JUnitFile, WriteJUnit},
		{CucumberFile, WriteCucumberJSON},
		{ResultsFile, WriteResultsJSON},
		{RequirementsFile, WriteRequirementsCSV},
	}
	var errs []error
	for _, o := range outputs {
		path := filepath.Join(dir, o.name)
		if err := writeFile(path, r, o.write); err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, path)
	}
	return files, errors.Join(errs...)
}

// writeFile writes to a temporary file and renames it, so that a crash or a
// full disk leaves the previous report or none, never half a report that
// looks complete.
func writeFile(path string, r *Run, write func(io.Writer, *Run) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("reports: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = write(bw, r); err != nil {
		return fmt.Errorf("reports: writing %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("reports: writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; reports are meant to be shared.
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("reports: writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("reports: writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("reports: writing %s: %w", path, err)
	}
	return nil
}

// ResultsSchemaVersion is the version of the results.json layout. It changes
// only when a field changes meaning or disappears; new fields do not change it.
const ResultsSchemaVersion = 1

// WriteResultsJSON writes the run as results.json, the format meant for
// programs (dashboards, the certification archive, comparisons between
// runs): one object per scenario with its rule id, sources, level, verdict,
// name, duration and message at the top level, followed by the evidence.
// Screenshots are listed without their pixels, which are in report.html and
// cucumber.json. Durations are in nanoseconds, as everywhere in the model.
// Give it a redacted run (Run.Redacted).
func WriteResultsJSON(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: WriteResultsJSON: no run")
	}
	doc := resultsDoc{
		Schema:      ResultsSchemaVersion,
		Tool:        r.Tool,
		Version:     r.Version,
		Started:     r.Started,
		Finished:    r.Finished,
		Target:      r.Target,
		Tags:        r.Tags,
		Interrupted: r.Interrupted,
		Notices:     r.Notices,
		Manifest:    r.Manifest,
		Comparison:  r.Comparison,
		ExitCode:    r.ExitCode(),
		Counts:      map[Verdict]int{},
		Scenarios:   []resultsScenario{},
	}
	// Every verdict appears in counts, zero or not, so consumers need not
	// treat a missing key as zero.
	counts := r.Counts()
	for _, v := range Verdicts {
		doc.Counts[v] = counts[v]
	}
	for _, s := range r.Scenarios {
		rs := resultsScenario{
			RuleID:     s.Rule.ID,
			Sources:    s.Rule.Sources,
			Level:      s.Rule.Level,
			Verdict:    s.Verdict,
			Name:       s.Name,
			Duration:   s.Duration,
			Message:    s.Message,
			Interface:  s.Rule.Interface,
			Profiles:   s.Rule.Profiles,
			ID:         s.ID,
			Feature:    s.Feature,
			FeatureURI: s.FeatureURI,
			Line:       s.Line,
			Tags:       s.Tags,
			Started:    s.Started,
			Steps:      s.Steps,
			Exchanges:  s.Exchanges,
			Notes:      s.Notes,
			Waiver:     s.Waiver,
		}
		for _, sh := range s.Shots {
			rs.Screenshots = append(rs.Screenshots, resultsScreenshot{
				Step: sh.Step, Caption: sh.Caption, URL: sh.URL, Taken: sh.Taken, Bytes: len(sh.PNG),
			})
		}
		doc.Scenarios = append(doc.Scenarios, rs)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("reports: writing results JSON: %w", err)
	}
	return nil
}

type resultsDoc struct {
	Schema      int               `json:"schema"`
	Tool        string            `json:"tool"`
	Version     string            `json:"version"`
	Started     time.Time         `json:"started"`
	Finished    time.Time         `json:"finished"`
	Target      Target            `json:"target"`
	Tags        string            `json:"tags,omitempty"`
	Interrupted bool              `json:"interrupted"`
	Notices     []string          `json:"notices,omitempty"`
	Manifest    *Manifest         `json:"manifest,omitempty"`
	Comparison  *Comparison       `json:"comparison,omitempty"`
	ExitCode    int               `json:"exitCode"`
	Counts      map[Verdict]int   `json:"counts"`
	Scenarios   []resultsScenario `json:"scenarios"`
}

// resultsScenario flattens the rule into the scenario: a consumer filtering
// on rule id or verdict should not have to know the model's nesting.
type resultsScenario struct {
	RuleID      string              `json:"ruleId"`
	Sources     []string            `json:"sources"`
	Level       string              `json:"level"`
	Verdict     Verdict             `json:"verdict"`
	Name        string              `json:"name"`
	Duration    time.Duration       `json:"duration"`
	Message     string              `json:"message,omitempty"`
	Interface   string              `json:"interface"`
	Profiles    []string            `json:"profiles"`
	ID          string              `json:"id"`
	Feature     string              `json:"feature"`
	FeatureURI  string              `json:"featureUri"`
	Line        int                 `json:"line"`
	Tags        []string            `json:"tags"`
	Started     time.Time           `json:"started"`
	Steps       []Step              `json:"steps"`
	Exchanges   []Exchange          `json:"exchanges,omitempty"`
	Screenshots []resultsScreenshot `json:"screenshots,omitempty"`
	Notes       []string            `json:"notes,omitempty"`
	Waiver      *Waiver             `json:"waiver,omitempty"`
}

type resultsScreenshot struct {
	Step    int       `json:"step"`
	Caption string    `json:"caption"`
	URL     string    `json:"url"`
	Taken   time.Time `json:"taken"`
	Bytes   int       `json:"bytes"`
}
