package authorization

import (
	"fmt"

	"github.com/toets/toets/internal/check"
)

var rfc6749_4_1_2_1_inform = check.Source{Doc: "RFC 6749", Section: "4.1.2.1",
	Quote: "If the request fails due to a missing, invalid, or mismatching redirection URI, or if the client identifier is missing or invalid, the authorization server SHOULD inform the resource owner of the error"}

// RefusalInforms is the check that a request the server cannot trust is
// answered with a page that tells the person. RFC 6749 asks no more: no
// word on links on that page, nor on when it comes (MedMij's stricter
// page is the rule authz-refusal-page).
var RefusalInforms = check.Unit{ID: "authorization.refusal-informs", Source: rfc6749_4_1_2_1_inform,
	What: "the page that answers a request with an invalid client or redirect URI"}

// Page is the last answer of the authorization server's own host: its
// status, where it redirects (the redirects to its own pages followed) and
// the text a person sees on it.
type Page struct {
	Status   int
	Location string
	Text     string
}

// Informs judges the page: no redirect, and some text for the person.
func Informs(p Page) []check.Finding {
	const want = "a page with text that tells the person, and no redirect"
	switch {
	case p.Location != "":
		return []check.Finding{RefusalInforms.Failf(want, check.Implementation, "HTTP %d, a redirect to %s", p.Status, p.Location)}
	case p.Text == "":
		return []check.Finding{RefusalInforms.Fail(want, fmt.Sprintf("HTTP %d, a page without any text for the person", p.Status), check.Implementation)}
	}
	return nil
}
