package reports

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"regexp"
	"strings"
	"testing"
)

func renderHTML(t *testing.T, r *Run) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return buf.String()
}

func TestWriteHTMLContains(t *testing.T) {
	page := renderHTML(t, testRun(t))
	// html/template escapes quotes and such; compare with the text a
	// browser would show.
	shown := html.UnescapeString(page)
	tests := []struct {
		what, want string
	}{
		{"target name", "Acme PGO"},
		{"issuer", "https://as.example.test"},
		{"profile", "medmij"},
		{"notice", "TLS verification is switched off for this target"},
		{"failure message in a pre block", `<pre class="message">` + failMessage + "</pre>"},
		{"error message", errorMessage},
		{"rule id", "token-error-rfc0015"},
		{"sources", "rfc6749-5.2, medmij-rfc0015"},
		{"level", "<strong>MUST</strong>"},
		{"failed step error", failMessage},
		{"request line", "POST https://as.example.test/token"},
		{"request body", "grant_type=authorization_code&code=used-code"},
		{"response status line", "HTTP/1.1 400 Bad Request"},
		{"response header", "Cache-Control: no-store"},
		{"truncation", "body cut at 72 bytes"},
		{"transport error", "dial tcp 127.0.0.1:9: connection refused"},
		{"screenshot", `<img src="data:image/png;base64,`},
		{"screenshot caption", "Consent page of Acme PGO"},
		{"screenshot step", "taken at step 1: Given the user has authorized the client"},
		{"note", "the second redemption came 40 ms after the first"},
		{"exit meaning", exitMeaning(2)},
		{"print CSS", "@media print"},
		{"index link", `<a href="#scenario-1">`},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			if !strings.Contains(shown, tt.want) {
				t.Errorf("report lacks %s: %q", tt.what, tt.want)
			}
		})
	}
}

func TestWriteHTMLFailuresFirst(t *testing.T) {
	page := renderHTML(t, testRun(t))
	main := page[strings.Index(page, "<main>"):]
	order := []string{
		"A reused authorization code is refused with invalid_grant", // fail
		"The resource server serves the data of the token",          // error
		"A token response also forbids caching by HTTP/1.0 caches",  // warning
		"A refresh token is bound to its client",                    // not applicable
		"A token response is never cached",                          // pass
	}
	last := -1
	for _, name := range order {
		i := strings.Index(main, name)
		if i < last {
			t.Errorf("%q is out of the fail, error, warning, not-applicable, pass order", name)
		}
		last = i
	}
}

func TestWriteHTMLSelfContained(t *testing.T) {
	page := renderHTML(t, testRun(t))
	// Links in text are fine; anything the browser would fetch is not.
	external := regexp.MustCompile(`(?i)(<script|<link|<iframe|<object|src="(https?:)?//|url\((["']?)(https?:)?//|@import)`)
	if m := external.FindString(page); m != "" {
		t.Errorf("report loads something from outside: %q", m)
	}
}

func TestWriteHTMLEscapesServerContent(t *testing.T) {
	page := renderHTML(t, testRun(t))
	// The failing server's body carries a script tag: evidence from a target
	// must never run in the reader's browser.
	if strings.Contains(page, "<script>alert(1)</script>") {
		t.Error("response body is not escaped")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("escaped response body missing")
	}
}

func TestWriteHTMLOpensFailedEvidence(t *testing.T) {
	r := testRun(t)
	page := renderHTML(t, r)
	sections := strings.Split(page, `<section class="scenario`)[1:]
	if len(sections) != len(r.Scenarios) {
		t.Fatalf("got %d scenario sections, want %d", len(sections), len(r.Scenarios))
	}
	for _, sec := range sections {
		open := strings.Contains(sec, `<details class="exchange" open>`)
		closed := strings.Contains(sec, `<details class="exchange">`)
		switch {
		case strings.HasPrefix(sec, " v-fail"), strings.HasPrefix(sec, " v-error"):
			if !open || closed {
				t.Errorf("exchanges of a failed scenario are not open: %.60s", sec)
			}
		case open:
			t.Errorf("exchanges of a scenario that did not fail are open: %.60s", sec)
		}
	}
}

func TestWriteHTMLScreenshotDecodes(t *testing.T) {
	page := renderHTML(t, testRun(t))
	m := regexp.MustCompile(`data:image/png;base64,([A-Za-z0-9+/=]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data:image/png URI")
	}
	raw, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Errorf("screenshot does not decode: %v", err)
	}
}

func TestWriteHTMLEmptyRun(t *testing.T) {
	page := renderHTML(t, &Run{Tool: "toets"})
	if !strings.Contains(page, "No scenario was run.") {
		t.Error("an empty run should say so")
	}
	if err := WriteHTML(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil run should be an error")
	}
}
