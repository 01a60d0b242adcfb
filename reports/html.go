package reports

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"slices"
	"strings"
)

// The template lives in its own file so the page can be read and edited as
// HTML; embedding it keeps the binary a single file.
//
//go:embed html.tmpl
var htmlSource string

// htmlTemplate is parsed once, at start-up: a broken template is a
// programming error that every test run catches, not a condition a run should
// discover after an hour of scenarios.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"verdictLabel":       verdictLabel,
	"verdictMeaning":     verdictMeaning,
	"levelLabel":         levelLabel,
	"ruleLabel":          ruleLabel,
	"sourcesLabel":       sourcesLabel,
	"interfaceLabel":     interfaceLabel,
	"duration":           formatDuration,
	"time":               formatTime,
	"headerLines":        headerLines,
	"requestLine":        requestLine,
	"statusLine":         statusLine,
	"statusText":         http.StatusText,
	"truncationNote":     truncationNote,
	"join":               strings.Join,
	"comparisonSections": comparisonSections,
}).Parse(htmlSource))

// WriteHTML writes the report as one self-contained HTML page: no scripts,
// no external style sheets, fonts or images, so that it opens offline years
// later and prints as evidence. Give it a redacted run (Run.Redacted).
func WriteHTML(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: WriteHTML: no run")
	}
	return htmlTemplate.Execute(w, newHTMLPage(r))
}

// htmlPage is what the template sees. Everything that needs a decision
// (order, anchors, which blocks start open) is settled here, in Go, so the
// template only lays out.
type htmlPage struct {
	Run         *Run
	Title       string
	Verdicts    []Verdict
	Total       verdictRow
	Interfaces  []verdictRow
	Index       []indexGroup
	Scenarios   []htmlScenario
	ExitMeaning string
}

// verdictRow is one row of the counts table, with a cell per verdict in the
// order of Verdicts.
type verdictRow struct {
	Name  string
	Cells []verdictCell
	Total int
}

type verdictCell struct {
	Verdict Verdict
	Count   int
}

type indexGroup struct {
	Verdict Verdict
	Items   []htmlScenario
}

type htmlScenario struct {
	*Scenario
	Anchor string
	// Open is set for failed and errored scenarios: their evidence is what
	// the reader came for, so it should not hide behind a click.
	Open      bool
	Exchanges []htmlExchange
	Shots     []htmlShot
}

type htmlExchange struct {
	Exchange
	Number    int
	StepLabel string
}

type htmlShot struct {
	Screenshot
	StepLabel string
	// Src is a data: URI. html/template rejects data: URLs in src by default
	// because arbitrary ones can carry script; this one is built here from a
	// fixed image/png prefix and base64 text, so it is marked safe.
	Src template.URL
}

func newHTMLPage(r *Run) htmlPage {
	p := htmlPage{
		Run:         r,
		Title:       "toets report: " + r.Target.Name,
		Verdicts:    Verdicts,
		Total:       newVerdictRow("all interfaces", r.Counts()),
		ExitMeaning: exitMeaning(r.ExitCode()),
	}
	if r.Target.Name == "" {
		p.Title = "toets report"
	}
	byInterface := r.CountsByInterface()
	for _, name := range r.Interfaces() {
		p.Interfaces = append(p.Interfaces, newVerdictRow(interfaceLabel(name), byInterface[name]))
	}

	items := map[Verdict][]htmlScenario{}
	order := append([]Verdict(nil), Verdicts...)
	for i, s := range r.Ordered() {
		hs := newHTMLScenario(s, i)
		p.Scenarios = append(p.Scenarios, hs)
		if !slices.Contains(order, s.Verdict) {
			// A verdict outside the known five is a bug elsewhere; show it
			// rather than lose the scenario from the index.
			order = append(order, s.Verdict)
		}
		items[s.Verdict] = append(items[s.Verdict], hs)
	}
	for _, v := range order {
		p.Index = append(p.Index, indexGroup{Verdict: v, Items: items[v]})
	}
	return p
}

func newVerdictRow(name string, c Counts) verdictRow {
	row := verdictRow{Name: name, Total: c.Total()}
	for _, v := range Verdicts {
		row.Cells = append(row.Cells, verdictCell{Verdict: v, Count: c[v]})
	}
	return row
}

func newHTMLScenario(s *Scenario, position int) htmlScenario {
	hs := htmlScenario{
		Scenario: s,
		// Anchors are positional because scenario ids come from godog and
		// may hold characters that make awkward fragment identifiers.
		Anchor: fmt.Sprintf("scenario-%d", position+1),
		Open:   s.Verdict == Fail || s.Verdict == Error,
	}
	for i, ex := range s.Exchanges {
		hs.Exchanges = append(hs.Exchanges, htmlExchange{Exchange: ex, Number: i + 1, StepLabel: stepLabel(s, ex.Step)})
	}
	for _, sh := range s.Shots {
		hs.Shots = append(hs.Shots, htmlShot{
			Screenshot: sh,
			StepLabel:  stepLabel(s, sh.Step),
			Src:        template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(sh.PNG)),
		})
	}
	return hs
}

// comparisonSection is one list of the baseline comparison, in the order a
// reader needs them: regressions first.
type comparisonSection struct {
	Title   string
	Entries []ComparisonEntry
}

func comparisonSections(c *Comparison) []comparisonSection {
	return []comparisonSection{
		{"New failures (regressions)", c.NewFailures},
		{"Fixed", c.Fixed},
		{"Changed", c.Changed},
	}
}
