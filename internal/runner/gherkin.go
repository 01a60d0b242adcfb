package runner

import (
	"io"
	"strconv"
	"sync"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/toets/toets/internal/rules"
)

// docs collects the parsed feature files as godog reads them, so the model
// can show each scenario's feature, keywords and line numbers (a pickle only
// carries AST node ids).
type docs struct {
	mu    sync.Mutex
	byURI map[string]*messages.GherkinDocument
	// nodes maps an AST node id to where it stands in its file.
	nodes map[string]node
	// quotes maps a scenario's or an outline row's AST node id to the
	// sentence its description quotes (rules.Quote).
	quotes map[string]string
}

type node struct {
	keyword string
	line    int
}

func newDocs() *docs {
	return &docs{byURI: map[string]*messages.GherkinDocument{}, nodes: map[string]node{}, quotes: map[string]string{}}
}

func (d *docs) add(doc *messages.GherkinDocument, uri string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byURI[uri] = doc
	if doc.Feature == nil {
		return
	}
	for _, child := range doc.Feature.Children {
		if child.Background != nil {
			d.steps(child.Background.Steps)
		}
		if sc := child.Scenario; sc != nil {
			d.scenario(sc)
		}
		if r := child.Rule; r != nil {
			for _, rc := range r.Children {
				if rc.Background != nil {
					d.steps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					d.scenario(rc.Scenario)
				}
			}
		}
	}
}

func (d *docs) scenario(sc *messages.Scenario) {
	d.nodes[sc.Id] = node{sc.Keyword, int(sc.Location.Line)}
	d.quotes[sc.Id] = rules.Quote(sc.Description, "")
	d.steps(sc.Steps)
	for _, ex := range sc.Examples {
		for _, row := range ex.TableBody {
			d.nodes[row.Id] = node{"Example", int(row.Location.Line)}
			d.quotes[row.Id] = rules.Quote(sc.Description, ex.Description)
		}
	}
}

func (d *docs) steps(steps []*messages.Step) {
	for _, st := range steps {
		d.nodes[st.Id] = node{st.Keyword, int(st.Location.Line)}
	}
}

func (d *docs) featureName(uri string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if doc := d.byURI[uri]; doc != nil && doc.Feature != nil {
		return doc.Feature.Name
	}
	return uri
}

// lookup returns where the last of the given AST node ids stands (for an
// outline row that is the row, not the outline).
func (d *docs) lookup(ids []string) node {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(ids) - 1; i >= 0; i-- {
		if n, ok := d.nodes[ids[i]]; ok {
			return n
		}
	}
	return node{}
}

// quote returns the quote of the last of the given AST node ids that has
// one: a pickle's ids are its scenario's and, for an outline, its row's.
func (d *docs) quote(ids []string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(ids) - 1; i >= 0; i-- {
		if q, ok := d.quotes[ids[i]]; ok {
			return q
		}
	}
	return ""
}

// formatter is a silent godog formatter whose only job is to hand the
// feature documents to docs.
type formatter struct {
	*godog.BaseFmt
	docs *docs
}

func (f *formatter) Feature(doc *messages.GherkinDocument, uri string, content []byte) {
	f.docs.add(doc, uri)
}

var registerMu sync.Mutex
var registered int

// registerFormatter registers a formatter feeding d and returns its name.
// godog's formatter registry is global, so each run gets its own name.
func registerFormatter(d *docs) string {
	registerMu.Lock()
	defer registerMu.Unlock()
	registered++
	name := "toets-model-" + strconv.Itoa(registered)
	godog.Format(name, "toets run model", func(suite string, out io.Writer) godog.Formatter {
		return &formatter{BaseFmt: godog.NewBaseFmt(suite, out), docs: d}
	})
	return name
}
