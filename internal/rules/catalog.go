package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/toets/toets/features"
	"github.com/toets/toets/reports"
)

// Entry is one scenario (one outline row) of the catalog with its rule.
type Entry struct {
	Feature string
	URI     string
	Name    string
	Line    int
	Tags    []string
	// Rule is read from the tags; its Quote from the description (see
	// Quote).
	Rule    reports.Rule
	Browser bool
	// Problems are what is wrong with the scenario's tags.
	Problems []error
}

// Catalog reads every feature file below fsys and returns its scenarios in
// file order, outline rows expanded as godog runs them.
func Catalog(fsys fs.FS) ([]Entry, error) {
	files, err := features.Files(fsys)
	if err != nil {
		return nil, err
	}
	var out []Entry
	ids := &messages.Incrementing{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(b), ids.NewId)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		doc.Uri = f
		lines := map[string]int{}
		quotes := map[string]string{}
		for _, sc := range Scenarios(doc) {
			lines[sc.Id] = int(sc.Location.Line)
			quotes[sc.Id] = Quote(sc.Description, "")
			for _, ex := range sc.Examples {
				for _, row := range ex.TableBody {
					lines[row.Id] = int(row.Location.Line)
					quotes[row.Id] = Quote(sc.Description, ex.Description)
				}
			}
		}
		for _, p := range gherkin.Pickles(*doc, f, ids.NewId) {
			var tags []string
			for _, t := range p.Tags {
				tags = append(tags, t.Name)
			}
			rule, problems := FromTags(tags)
			line := 0
			for _, id := range p.AstNodeIds {
				if l, ok := lines[id]; ok {
					line = l
				}
				if q, ok := quotes[id]; ok {
					rule.Quote = q
				}
			}
			out = append(out, Entry{
				Feature: doc.Feature.Name, URI: f, Name: p.Name, Line: line, Tags: tags, Rule: rule,
				Browser: hasTag(tags, "@browser"), Problems: problems,
			})
		}
	}
	return out, nil
}

// Scenarios returns every scenario of a document in file order, those
// inside Rule: blocks included.
func Scenarios(doc *messages.GherkinDocument) []*messages.Scenario {
	if doc == nil || doc.Feature == nil {
		return nil
	}
	var out []*messages.Scenario
	for _, c := range doc.Feature.Children {
		if c.Scenario != nil {
			out = append(out, c.Scenario)
		}
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					out = append(out, rc.Scenario)
				}
			}
		}
	}
	return out
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Check reports every scenario whose tags do not name its rule completely.
func Check(entries []Entry) error {
	var errs []error
	for _, e := range entries {
		for _, p := range e.Problems {
			errs = append(errs, fmt.Errorf("%s:%d %q: %w", e.URI, e.Line, e.Name, p))
		}
	}
	return errors.Join(errs...)
}

// ByRule groups the catalog by rule id.
func ByRule(entries []Entry) map[string][]Entry {
	m := map[string][]Entry{}
	for _, e := range entries {
		m[e.Rule.ID] = append(m[e.Rule.ID], e)
	}
	return m
}

// Format renders the catalog for `toets list`: one line per scenario.
func Format(entries []Entry) string {
	var b strings.Builder
	feature := ""
	for _, e := range entries {
		if e.URI != feature {
			feature = e.URI
			fmt.Fprintf(&b, "\n%s  (%s)\n", e.Feature, e.URI)
		}
		fmt.Fprintf(&b, "  %-32s %-6s %-13s %-40s %s\n", e.Rule.ID, strings.ToUpper(e.Rule.Level), e.Rule.Interface,
			strings.Join(e.Rule.Sources, " "), e.Name)
	}
	return strings.TrimLeft(b.String(), "\n")
}
