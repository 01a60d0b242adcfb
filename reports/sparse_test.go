package reports

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestRenderersSparseRun feeds every renderer a run as the hooks might leave
// it after a crash or an interrupt: fields missing, an unknown verdict,
// evidence pointing at steps that do not exist. Renderers must still write
// something a reader can use rather than fail or panic.
func TestRenderersSparseRun(t *testing.T) {
	sparse := func() *Run {
		return &Run{
			Interrupted: true,
			Scenarios: []*Scenario{
				{Verdict: "bogus"},
				{Verdict: Fail, Exchanges: []Exchange{{Step: -1}}, Shots: []Screenshot{{Step: 3}}},
				{Verdict: Error, Steps: []Step{{Status: "weird"}}},
			},
		}
	}
	renderers := []struct {
		name   string
		render func(io.Writer, *Run) error
		want   string
	}{
		{"html", WriteHTML, `<span class="badge v-bogus">bogus</span> 1`},
		{"junit", WriteJUnit, `errors="2"`},
		{"cucumber", WriteCucumberJSON, `"status": "undefined"`},
		{"results", WriteResultsJSON, `"interrupted": true`},
		{"summary", func(w io.Writer, r *Run) error { return WriteSummary(w, r, "out") }, "interrupted"},
	}
	for _, tt := range renderers {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.render(&buf, sparse().Redacted(nil)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, buf.String())
			}
			if err := tt.render(&buf, nil); err == nil {
				t.Error("nil run should be an error")
			}
		})
	}
}
