package reports

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
)

// parsedFeature is the part of the Cucumber JSON format consumers read.
type parsedFeature struct {
	URI      string `json:"uri"`
	ID       string `json:"id"`
	Keyword  string `json:"keyword"`
	Name     string `json:"name"`
	Line     int    `json:"line"`
	Elements []struct {
		ID          string `json:"id"`
		Keyword     string `json:"keyword"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Line        int    `json:"line"`
		Type        string `json:"type"`
		Tags        []struct {
			Name string `json:"name"`
			Line int    `json:"line"`
		} `json:"tags"`
		Steps []parsedStep `json:"steps"`
		After []parsedStep `json:"after"`
	} `json:"elements"`
}

type parsedStep struct {
	Keyword string `json:"keyword"`
	Name    string `json:"name"`
	Line    int    `json:"line"`
	Result  struct {
		Status   string `json:"status"`
		Duration int64  `json:"duration"`
		Error    string `json:"error_message"`
	} `json:"result"`
	Embeddings []struct {
		MimeType string `json:"mime_type"`
		Data     string `json:"data"`
		Name     string `json:"name"`
	} `json:"embeddings"`
}

func parseCucumber(t *testing.T, r *Run) []parsedFeature {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCucumberJSON(&buf, r); err != nil {
		t.Fatalf("WriteCucumberJSON: %v", err)
	}
	var got []parsedFeature
	dec := json.NewDecoder(&buf)
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("Cucumber JSON does not parse: %v", err)
	}
	return got
}

func TestWriteCucumberJSON(t *testing.T) {
	got := parseCucumber(t, testRun(t))
	if len(got) != 4 {
		t.Fatalf("got %d features, want 4", len(got))
	}
	type stepWant struct {
		statuses   []string
		embeddings []string // mime types per step, joined by ","
		after      string   // status of the after hook, "" for none
	}
	tests := []struct {
		feature, scenario int
		want              stepWant
	}{
		{0, 0, stepWant{[]string{"passed", "passed", "passed"}, []string{"", "text/plain", ""}, ""}},
		// A warning's failed step passes, with the warning as its message.
		{0, 1, stepWant{[]string{"passed"}, []string{""}, ""}},
		{1, 0, stepWant{[]string{"passed", "passed", "failed"}, []string{"image/png", "text/plain", ""}, ""}},
		{2, 0, stepWant{[]string{"skipped"}, []string{""}, ""}},
		// An error without a failed step fails through the after hook.
		{3, 0, stepWant{[]string{"passed"}, []string{"text/plain"}, "failed"}},
	}
	for _, tt := range tests {
		e := got[tt.feature].Elements[tt.scenario]
		t.Run(e.Name, func(t *testing.T) {
			if e.Keyword != "Scenario" || e.Type != "scenario" {
				t.Errorf("keyword %q type %q", e.Keyword, e.Type)
			}
			if len(e.Steps) != len(tt.want.statuses) {
				t.Fatalf("got %d steps, want %d", len(e.Steps), len(tt.want.statuses))
			}
			for i, st := range e.Steps {
				if st.Result.Status != tt.want.statuses[i] {
					t.Errorf("step %d status %q, want %q", i, st.Result.Status, tt.want.statuses[i])
				}
				var mimes []string
				for _, emb := range st.Embeddings {
					mimes = append(mimes, emb.MimeType)
				}
				if strings.Join(mimes, ",") != tt.want.embeddings[i] {
					t.Errorf("step %d embeddings %v, want %q", i, mimes, tt.want.embeddings[i])
				}
			}
			after := ""
			if len(e.After) > 0 {
				after = e.After[0].Result.Status
			}
			if after != tt.want.after {
				t.Errorf("after hook %q, want %q", after, tt.want.after)
			}
			if !strings.Contains(e.Description, "Verdict: ") || !strings.Contains(e.Description, "Rule: ") {
				t.Errorf("description lacks verdict or rule: %q", e.Description)
			}
		})
	}

	warn := got[0].Elements[1].Steps[0]
	if !strings.HasPrefix(warn.Result.Error, "WARNING (SHOULD not met): ") {
		t.Errorf("warning step message %q", warn.Result.Error)
	}
	fail := got[1].Elements[0]
	if fail.ID != "token-error-responses;a-reused-authorization-code-is-refused-with-invalid_grant" {
		t.Errorf("scenario id %q", fail.ID)
	}
	if fail.Tags[0].Name != "@rule:token-error-rfc0015" {
		t.Errorf("first tag %q", fail.Tags[0].Name)
	}
	if fail.Steps[2].Result.Error != failMessage {
		t.Errorf("failed step error %q", fail.Steps[2].Result.Error)
	}
	if fail.Steps[0].Result.Duration != 1e9 {
		t.Errorf("duration %d ns, want 1e9", fail.Steps[0].Result.Duration)
	}

	shot, err := base64.StdEncoding.DecodeString(fail.Steps[0].Embeddings[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
		t.Errorf("screenshot embedding is not a PNG: %v", err)
	}
	text, err := base64.StdEncoding.DecodeString(fail.Steps[1].Embeddings[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"POST https://as.example.test/token", "HTTP/1.1 400 Bad Request", `"error":"access_denied"`, "body cut at"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("exchange transcript lacks %q:\n%s", want, text)
		}
	}
}

func TestWriteCucumberJSONOrphanEvidence(t *testing.T) {
	r := testRun(t)
	// A screenshot taken in a hook names no step; it must not be lost.
	r.Scenarios[1].Shots[0].Step = 99
	e := parseCucumber(t, r)[1].Elements[0]
	if len(e.After) != 1 || len(e.After[0].Embeddings) != 1 || e.After[0].Embeddings[0].MimeType != "image/png" {
		t.Errorf("orphan screenshot not in the after hook: %+v", e.After)
	}
}

func TestWriteCucumberJSONEmptyRun(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCucumberJSON(&buf, &Run{}); err != nil {
		t.Fatal(err)
	}
	// An empty array, not null: some consumers reject null.
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("empty run gives %q", buf.String())
	}
}
