package reports

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "report")
	files, err := WriteAll(dir, testRun(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{HTMLFile, JUnitFile, CucumberFile, ResultsFile, RequirementsFile}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		t.Errorf("directory holds %d entries, want %d (temporary files left behind?)", len(entries), len(want))
	}

	parsers := map[string]func([]byte) error{
		HTMLFile: func(b []byte) error {
			if !strings.Contains(string(b), "data:image/png;base64,") {
				t.Error("report.html has no screenshot")
			}
			return nil
		},
		JUnitFile:    func(b []byte) error { var v any; return xml.Unmarshal(b, &v) },
		CucumberFile: func(b []byte) error { var v []any; return json.Unmarshal(b, &v) },
		ResultsFile:  func(b []byte) error { var v map[string]any; return json.Unmarshal(b, &v) },
	}
	for name, parse := range parsers {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := parse(b); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
}

func TestWriteResultsJSON(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteAll(dir, testRun(t)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema    int             `json:"schema"`
		ExitCode  int             `json:"exitCode"`
		Counts    map[Verdict]int `json:"counts"`
		Scenarios []struct {
			RuleID      string   `json:"ruleId"`
			Sources     []string `json:"sources"`
			Level       string   `json:"level"`
			Verdict     Verdict  `json:"verdict"`
			Name        string   `json:"name"`
			Duration    int64    `json:"duration"`
			Message     string   `json:"message"`
			Screenshots []map[string]any
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != ResultsSchemaVersion || got.ExitCode != 2 || len(got.Counts) != len(Verdicts) {
		t.Errorf("schema %d exit %d counts %v", got.Schema, got.ExitCode, got.Counts)
	}
	fail := got.Scenarios[1]
	if fail.RuleID != "token-error-rfc0015" || fail.Level != "must" || fail.Verdict != Fail ||
		fail.Message != failMessage || fail.Duration != 1.5e9 || !slices.Equal(fail.Sources, []string{"rfc6749-5.2", "medmij-rfc0015"}) {
		t.Errorf("failed scenario in results.json: %+v", fail)
	}
	// Pixels stay out of the machine-readable file.
	if len(fail.Screenshots) != 1 || fail.Screenshots[0]["png"] != nil || fail.Screenshots[0]["bytes"] == nil {
		t.Errorf("screenshot entry %v", fail.Screenshots)
	}
}

func TestWriteAllUnwritableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(filepath.Join(file, "report"), testRun(t)); err == nil {
		t.Error("writing below a regular file should fail")
	}
}
