package reports

import (
	"html"
	"strings"
	"testing"
)

// TestWriteHTMLShowsQuote: the sentence a rule rests on stands next to the
// scenario's verdict, escaped like any other text.
func TestWriteHTMLShowsQuote(t *testing.T) {
	r := testRun(t)
	quote := `RFC 6749 §5.2: "invalid_grant … The provided authorization grant … is invalid" <b>`
	for _, s := range r.Scenarios {
		s.Rule.Quote = quote
	}
	page := renderHTML(t, r)
	if strings.Contains(page, "<b>") {
		t.Error("the quote is not escaped")
	}
	header := page[strings.Index(page, `<section class="scenario`):]
	header = header[:strings.Index(header, "</header>")]
	if !strings.Contains(html.UnescapeString(header), `<p class="quote">`+quote+`</p>`) {
		t.Errorf("the scenario header does not show the quote next to the verdict:\n%s", header)
	}
}

func TestRedactedCopiesQuote(t *testing.T) {
	r := &Run{Scenarios: []*Scenario{{Rule: Rule{Quote: `RFC 6749 §5.2: "secret"`}}}}
	got := r.Redacted(func(s string) string { return strings.ReplaceAll(s, "secret", "[redacted]") })
	if q := got.Scenarios[0].Rule.Quote; q != `RFC 6749 §5.2: "[redacted]"` {
		t.Errorf("Redacted quote = %q", q)
	}
}
