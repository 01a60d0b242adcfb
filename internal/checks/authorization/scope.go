package authorization

import (
	"fmt"
	"net/url"

	"github.com/toets/toets/internal/check"
)

var rfc6749_3_3_ignore = check.Source{Doc: "RFC 6749", Section: "3.3 and 4.1.2.1",
	Quote: "The authorization server MAY fully or partially ignore the scope requested by the client … error REQUIRED … invalid_scope The requested scope is invalid, unknown, or malformed."}

// ScopeReadOrRefused is the check of the answer to a scope a server may
// read leniently (RFC 6749 §3.3: "MAY fully or partially ignore"): a
// double or trailing space, or a well-formed scope it does not know. It
// may refuse it with invalid_scope, or go on as if the scope it ignores
// were not there; what it may not do is refuse with another code, or
// refuse without telling the client.
var ScopeReadOrRefused = check.Unit{ID: "authorization.scope-read-or-refused", Source: rfc6749_3_3_ignore,
	What: "the answer to a scope the server may ignore or refuse"}

// Answer is what the authorization endpoint did with a request, as the
// HTTP follow of its own redirects left it.
type Answer struct {
	// Callback holds the parameters of the redirect to the client, nil when
	// there was none.
	Callback url.Values
	// Status is the HTTP status of the last response on the server's own
	// host; Elsewhere is a redirect off it to somewhere other than the
	// client (an identity provider).
	Status    int
	Elsewhere bool
}

// ReadOrRefused judges the answer: invalid_scope at the client, or the
// request accepted (a page with 200, a redirect to an identity provider, a
// code at once).
func ReadOrRefused(a Answer) []check.Finding {
	const want = "error=invalid_scope at the client, or the request accepted without the scope it ignores (a login page, a redirect to an identity provider, or a code)"
	switch {
	case a.Callback != nil && a.Callback.Get("error") == "invalid_scope":
		return nil
	case a.Callback != nil && a.Callback.Get("error") != "":
		return []check.Finding{ScopeReadOrRefused.Failf(want, check.Implementation, "error=%s at the client", a.Callback.Get("error"))}
	case a.Callback != nil && a.Callback.Get("code") != "":
		return nil
	case a.Callback != nil:
		return []check.Finding{ScopeReadOrRefused.Fail(want, "a redirect to the client without code or error", check.Implementation)}
	case a.Elsewhere || a.Status == 200:
		return nil
	}
	return []check.Finding{ScopeReadOrRefused.Fail(want, fmt.Sprintf("HTTP %d on the authorization server, no redirect to the client (RFC 6749 §4.1.2.1: an error goes to the client's redirect URI once it is known)", a.Status), check.Implementation)}
}
