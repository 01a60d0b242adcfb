package reports

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

type mapFS map[string]string

func (m mapFS) fs() fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return out
}

// waivedRun is the fixture run with one more scenario, a waived failure,
// and a manifest and a comparison.
func waivedRun(t *testing.T) *Run {
	r := testRun(t)
	r.Scenarios = append(r.Scenarios, &Scenario{
		Name: "A token request with a JSON body is refused", Rule: Rule{ID: "token-form-encoded", Level: "must", Interface: "token", Sources: []string{"rfc6749-3.2"}},
		Verdict: Waived, Message: "expected HTTP 400, received 200",
		Steps:  []Step{{Keyword: "Then", Text: "it is refused", Status: StepFailed, Error: "expected HTTP 400"}},
		Waiver: &Waiver{Reason: "until release 4.2", By: "Jan Jansen", Expires: "2026-12-31", Was: Fail},
	})
	r.Manifest = &Manifest{ToolVersion: "0.1.0", Commit: "abc123", FeaturesSHA256: "f00d", FeatureFiles: 3, TargetFileSHA256: "beef", Profile: "medmij", Started: r.Started, Finished: r.Finished}
	r.Comparison = &Comparison{Baseline: "reports/out/last-night", BaselineStarted: time.Date(2026, 3, 3, 2, 30, 0, 0, time.UTC),
		NewFailures: []ComparisonEntry{{RuleID: "token-error-rfc0015", Name: "A reused code", Was: Pass, Now: Fail, NowMessage: "expected invalid_grant"}}}
	return r
}

func TestWaivedVerdictInEveryRenderer(t *testing.T) {
	r := waivedRun(t)
	if r.ExitCode() != 2 {
		t.Fatalf("fixture exit %d", r.ExitCode())
	}
	var junit, summary, html, cuke, csv bytes.Buffer
	if err := WriteJUnit(&junit, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteSummary(&summary, r, "out"); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCucumberJSON(&cuke, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteRequirementsCSV(&csv, r); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ where, text, want string }{
		{"junit", junit.String(), `<skipped message="waived: until release 4.2 (Jan Jansen, until 2026-12-31)">`},
		{"summary", summary.String(), "waived: until release 4.2 (Jan Jansen, until 2026-12-31)"},
		{"summary", summary.String(), "new failures (regressions):\n  token-error-rfc0015: A reused code (pass -> fail)"},
		{"html", html.String(), "Waived (was fail) until 2026-12-31"},
		{"html", html.String(), "New failures (regressions)"},
		{"html", html.String(), "SHA-256 f00d"},
		{"html", html.String(), "v-waived"},
		{"cucumber", cuke.String(), `"status": "skipped"`},
		{"csv", csv.String(), "token-form-encoded,MUST,token,rfc6749-3.2,,A token request with a JSON body is refused,waived"},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("%s lacks %q", c.where, c.want)
		}
	}
	if strings.Contains(cuke.String(), `"status": "failed"`) && !strings.Contains(cuke.String(), "token-error-rfc0015") {
		t.Error("the waived failure is red in cucumber.json")
	}
}

func TestRequirementsFromCatalogListRulesNotRun(t *testing.T) {
	r := testRun(t)
	r.Catalog = []CatalogRule{{ID: "never-selected", Level: "should", Interface: "token", Sources: []string{"rfc6749-5.1"}, Scenarios: []string{"a", "b"}}}
	var csv bytes.Buffer
	if err := WriteRequirementsCSV(&csv, r); err != nil {
		t.Fatal(err)
	}
	want := "rule_id,level,interface,sources,profiles,scenarios,verdict\nnever-selected,SHOULD,token,rfc6749-5.1,,a | b,not run\n"
	if csv.String() != want {
		t.Errorf("got\n%s\nwant\n%s", csv.String(), want)
	}
}

func TestHashFeaturesChangesWithContent(t *testing.T) {
	a, n, err := HashFeatures(mapFS{"x.feature": "Feature: a", "y.txt": "ignored"}.fs())
	if err != nil || n != 1 {
		t.Fatalf("%v %d", err, n)
	}
	b, _, _ := HashFeatures(mapFS{"x.feature": "Feature: b", "y.txt": "ignored"}.fs())
	c, _, _ := HashFeatures(mapFS{"x.feature": "Feature: a", "y.txt": "changed"}.fs())
	if a == b || a != c {
		t.Errorf("hashes %s %s %s", a, b, c)
	}
}
