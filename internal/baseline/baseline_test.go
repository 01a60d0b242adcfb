package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toets/toets/reports"
)

func res(rule, name string, v reports.Verdict, msg string) Result {
	return Result{RuleID: rule, Name: name, Verdict: v, Message: msg}
}

func TestCompare(t *testing.T) {
	old := &Results{Source: "nightly-1", Scenarios: []Result{
		res("a", "A", reports.Pass, ""),
		res("b", "B", reports.Fail, "expected invalid_grant, received invalid_request at https://127.0.0.1:4001/token"),
		res("c", "C", reports.Fail, "expected 400, received 500"),
		res("d", "D", reports.Fail, "expected invalid_grant, received invalid_request at https://127.0.0.1:4001/token"),
		res("e", "E", reports.Waived, "x"),
		res("g", "G", reports.Pass, ""),
	}}
	now := &Results{Scenarios: []Result{
		res("a", "A", reports.Fail, "now broken"),
		res("b", "B", reports.Fail, "expected invalid_grant, received invalid_request at https://127.0.0.1:5999/token"),
		res("c", "C", reports.Fail, "expected 400, received 401"),
		res("d", "D", reports.Pass, ""),
		res("e", "E", reports.Fail, "x\nwaiver expired on 2026-01-01"),
		res("f", "F", reports.Fail, "a new rule fails"),
	}}
	c := Compare(old, now)
	names := func(es []reports.ComparisonEntry) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(c.NewFailures); got != "A,E,F" {
		t.Errorf("new failures %s, want A,E,F", got)
	}
	if got := names(c.Fixed); got != "D" {
		t.Errorf("fixed %s, want D", got)
	}
	// B's message differs only in the port; G disappeared.
	if got := names(c.Changed); got != "C,G" {
		t.Errorf("changed %s, want C,G", got)
	}
	var b bytes.Buffer
	if err := c.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 new failures, 1 fixed, 2 changed", "was: expected 400, received 500", "now: expected 400, received 401", "G (pass -> absent)", "F (absent -> fail)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

func TestOutlineRowsWithTheSameNameAreMatchedInOrder(t *testing.T) {
	old := &Results{Scenarios: []Result{res("r", "row", reports.Pass, ""), res("r", "row", reports.Fail, "x")}}
	now := &Results{Scenarios: []Result{res("r", "row", reports.Pass, ""), res("r", "row", reports.Fail, "x")}}
	c := Compare(old, now)
	if len(c.NewFailures)+len(c.Fixed)+len(c.Changed) != 0 {
		t.Errorf("identical runs differ: %+v", c)
	}
}

func TestLoadReadsWhatReportsWrites(t *testing.T) {
	dir := t.TempDir()
	run := &reports.Run{Tool: "toets", Scenarios: []*reports.Scenario{{Name: "A", Rule: reports.Rule{ID: "a"}, Verdict: reports.Fail, Message: "m"}}}
	if _, err := reports.WriteAll(dir, run); err != nil {
		t.Fatal(err)
	}
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Scenarios) != 1 || r.Scenarios[0] != res("a", "A", reports.Fail, "m") {
		t.Errorf("read %+v", r.Scenarios)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder was read")
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"scenarios":[]}`), 0o600)
	if _, err := Load(bad); err == nil {
		t.Error("a document without schema was accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"schema":1,"scenarios":[{"ruleId":"a","name":"A","verdict":"fail"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Parse(b)
		if err != nil {
			return
		}
		for _, s := range r.Scenarios {
			if s.Name == "" || s.Verdict == "" {
				t.Fatal("a scenario without name or verdict was accepted")
			}
		}
		Compare(r, r)
	})
}
