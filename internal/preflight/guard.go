package preflight

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/checks/authorization"
)

// Where a test user's credentials may go, as the preflight judges it. The
// user agents guard the credentials themselves (the browser types nothing
// into a page of a host the target file does not name and, once something
// is typed, lets no request leave for such a host; the HTTP agent sends
// nothing to such a host at all); what they refused is a problem of the
// preflight, so that `toets check` and `toets run` stop on it before any
// rule runs, with the fix, instead of failing every rule that logs in.

// loginPhase is how far a login got when its evidence is judged.
type loginPhase int

const (
	// opened: the authorization request was opened; nothing is typed yet.
	opened loginPhase = iota
	// scripted: the login script ran (or failed).
	scripted
)

// guardProblem is the problem a login's evidence shows, or "":
//   - a page on a host the target file does not name, where the login
//     stands after the request was opened or after the script failed, is a
//     login page there: the agents type no credentials into it;
//   - a request the guard stopped while the request was being opened (only
//     the HTTP agent stops one this early: it fetches no page of such a
//     host) is the way to such a login page;
//   - a request it stopped later went out during the login, after or while
//     the credentials were typed.
func guardProblem(hosts []string, phase loginPhase, failed bool, page string, blocked []browser.Blocked) string {
	switch {
	case len(blocked) > 0 && phase == opened:
		return elsewhereLogin(blocked[0].URL)
	case len(blocked) > 0:
		what := make([]string, len(blocked))
		for i, b := range blocked {
			what[i] = authorization.Describe(b)
		}
		return fmt.Sprintf("toets stopped a request of the login to a host the target file does not name: %s. toets sends a test user's credentials only to the hosts the target file names: if that host is the server's own (a login page or identity provider elsewhere), add it under browser.hosts; if not, the page sends the credentials to a third party, which the rule authz-login-credentials-stay fails",
			strings.Join(what, "; "))
	case phase == opened || failed:
		if u, err := url.Parse(page); err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http") && !authorization.HostNamed(hosts, u) {
			return elsewhereLogin(page)
		}
	}
	return ""
}

// elsewhereLogin is the problem of a login page at rawURL, on a host the
// target file does not name.
func elsewhereLogin(rawURL string) string {
	at := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		at = u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf("the login page is at %s, a host the target file does not name; toets types no credentials there: if it is the server's own login page, add it under browser.hosts", at)
}
