package httpagent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/toets/toets/internal/agent"
)

// errScripted and errFrame say why a page is beyond this agent. Sending such
// a form anyway would post the user's credentials somewhere the page never
// sends them and fail later with a baffling error; stopping here names the
// fix instead.
var (
	errScripted = errors.New("the http agent runs no JavaScript; this page needs agent: browser")
	errFrame    = errors.New("the http agent loads no iframes; a login form inside an iframe needs agent: browser")
)

// scriptedSubmit tells whether the page's JavaScript, rather than the
// browser's form submission, sends the form (a fetch() login, say), and
// how we can tell. Scripts loaded from elsewhere cannot be read, so this
// sees inline scripts and handlers only.
func scriptedSubmit(doc *goquery.Document, form *goquery.Selection) string {
	if _, ok := form.Attr("onsubmit"); ok {
		return "an onsubmit handler"
	}
	why := ""
	doc.Find("script").EachWithBreak(func(_ int, sc *goquery.Selection) bool {
		code := sc.Text()
		switch {
		case strings.Contains(code, "preventDefault"):
			why = "a script cancels the form's own submission with preventDefault"
		case strings.Contains(code, "submit") && (strings.Contains(code, "fetch(") || strings.Contains(code, "XMLHttpRequest")):
			why = "a script sends it with fetch or XMLHttpRequest"
		}
		return why == ""
	})
	return why
}

// frameRefusal explains a script action aimed into an iframe.
func frameRefusal(sel agent.Selector) error {
	return fmt.Errorf("%s: %w", sel, errFrame)
}

// hasFrames reports whether the page shows other documents in iframes, a
// likely reason an element cannot be found.
func (s *Session) hasFrames() bool {
	return s.doc.Find("iframe, frame").Length() > 0
}
