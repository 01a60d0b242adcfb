// Package authorization holds the checks of the authorization endpoint's
// pages judged from what the person's user agent saw: where the login and
// consent pages sent requests once the credentials were typed, and how the
// login's POST was redirected. The evidence is the agents' own
// (browser.Session and httpagent.Session describe it alike), so one check
// serves both.
package authorization

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/check"
)

var (
	rfc6749_1_3_1 = check.Source{Doc: "RFC 6749", Section: "1.3.1", Quote: "Because the resource owner only authenticates with the authorization server, the resource owner's credentials are never shared with the client."}
	rfc9700_307   = check.Source{Doc: "RFC 9700", Section: "4.12", Quote: "Authorization servers that redirect a request that potentially contains the user's credentials therefore MUST NOT use the HTTP 307 status code for redirection."}
	rfc9700_303   = check.Source{Doc: "RFC 9700", Section: "4.12", Quote: "If an HTTP redirection (and not, for example, JavaScript) is used for such a request, the authorization server SHOULD use HTTP status code 303 (See Other)."}
)

// CredentialsStay is the check of where the pages sent requests after the
// person typed the credentials.
var CredentialsStay = check.Unit{ID: "authorization.credentials-stay", Source: rfc6749_1_3_1,
	What: "where the login and consent pages sent requests once the person's credentials were typed"}

// CredentialsStayed judges the requests the user agent's guard stopped:
// each went to a host the target file does not name, after (or, for the
// HTTP agent, possibly before) a credential was typed. The cause is one of
// two, and only the vendor knows which: a host of the authorization server
// the file leaves out (its login page elsewhere, its identity provider), or
// a page that hands the credentials to a third party.
func CredentialsStayed(blocked []browser.Blocked) []check.Finding {
	if len(blocked) == 0 {
		return nil
	}
	what := make([]string, len(blocked))
	for i, b := range blocked {
		what[i] = Describe(b)
	}
	return []check.Finding{CredentialsStay.Failf(
		"requests only to the hosts the target file names (issuer, endpoints, browser.hosts)", check.Configuration,
		"toets stopped %s, on its way to a host the target file does not name. If that host is the authorization server's own (its login page, its identity provider), the target file lacks it under browser.hosts (configuration); if not, the page sends the person's credentials to a third party (implementation)",
		strings.Join(what, "; "))}
}

// Attempt is what a login or consent step that failed, or that the guard
// may have cut short, leaves behind.
type Attempt struct {
	Blocked []browser.Blocked // what the agent's guard stopped so far
	Failed  bool              // the script, the navigation or the wait failed
	Hosts   []string          // the hosts the target file names (Target.AllowedHosts)
	Page    string            // the URL the agent is on
}

// CutShort judges an attempt as CredentialsStay: when the guard stopped
// the page's own way on, or the attempt failed after the guard stopped
// anything, the stopped requests are the failure; when it failed on a page
// of a host the target file does not name, where no agent types a
// credential, that page is. Otherwise nothing: the step's own error says
// what went wrong. Naming the cause here is what keeps a blocked login
// from being reported as the timeout it leads to.
func CutShort(a Attempt) []check.Finding {
	switch {
	case len(a.Blocked) > 0 && (a.Failed || FlowStopped(a.Blocked)):
		return CredentialsStayed(a.Blocked)
	case a.Failed:
		return PageElsewhere(a.Hosts, a.Page)
	}
	return nil
}

// PageElsewhere is the finding of a login page on a host the target file
// does not name: the agents type nothing there, so the login cannot go on.
func PageElsewhere(hosts []string, page string) []check.Finding {
	u, err := url.Parse(page)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || HostNamed(hosts, u) {
		return nil
	}
	return []check.Finding{CredentialsStay.Failf(
		"login and consent pages only on the hosts the target file names (issuer, endpoints, browser.hosts)", check.Configuration,
		"the page is at %s://%s, a host the target file does not name; toets types no credentials there. If it is the authorization server's own login page, add it under browser.hosts in the target file (configuration); if not, the server sends the person to a third party to type the credentials (implementation)",
		u.Scheme, u.Host)}
}

// HostNamed reports whether u's host is one of hosts, the way the agents'
// guards read the list: an entry with a port names that port (the default
// of u's scheme when u has none), an entry without one every port.
func HostNamed(hosts []string, u *url.URL) bool {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	host := normHost(u.Hostname())
	for _, h := range hosts {
		hh, hp, err := net.SplitHostPort(h)
		if err != nil {
			hh, hp = h, ""
		}
		if normHost(hh) == host && (hp == "" || hp == port) {
			return true
		}
	}
	return false
}

func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

// Describe names a stopped request for a message: method, URL and kind.
func Describe(b browser.Blocked) string {
	kind := b.Kind
	if kind == "" {
		kind = "other"
	}
	if b.Status != 0 {
		kind = fmt.Sprintf("%s, after HTTP %d", kind, b.Status)
	}
	return fmt.Sprintf("%s %s (%s)", orUnknown(b.Method), b.URL, kind)
}

// FlowStopped reports whether the guard stopped the page's own way on (a
// navigation, a form's submission or a redirect hop) rather than a side
// request (a beacon, a fetch, an image): then the login cannot go on, and
// waiting for the next page would only end in a timeout.
func FlowStopped(blocked []browser.Blocked) bool {
	for _, b := range blocked {
		switch b.Kind {
		case "navigation", "form", "redirect":
			return true
		}
	}
	return false
}

// NoRedirect307 and NoRedirect308 are the checks of how a POST sent after
// the credentials were typed was redirected: 307 breaks RFC 9700 §4.12's
// MUST NOT; 308, which keeps the method and body just as 307 does (RFC 9110
// §15.4.9) but which the MUST does not name, breaks its SHOULD (use 303).
var (
	NoRedirect307 = check.Unit{ID: "authorization.login-no-307", Source: rfc9700_307, What: "the redirect of the login's POST"}
	NoRedirect308 = check.Unit{ID: "authorization.login-no-308", Source: rfc9700_303, What: "the redirect of the login's POST"}
)

// CredentialRedirected judges the 307/308 redirects of POSTs sent after the
// credentials were typed (the agents' CredentialRedirects) for one status,
// 307 or 308; other statuses are not these checks' business and give
// nothing. Every such POST counts, not only the one with the password: the
// source says "potentially contains", and toets cannot tell which of a
// page's forms carries a credential.
func CredentialRedirected(redirects []browser.Redirect, status int) []check.Finding {
	unit, ok := map[int]check.Unit{307: NoRedirect307, 308: NoRedirect308}[status]
	if !ok {
		return nil
	}
	var got []string
	for _, r := range redirects {
		if r.Status == status {
			got = append(got, fmt.Sprintf("%s %s answered with HTTP %d to %s", orUnknown(r.Method), r.From, r.Status, r.To))
		}
	}
	if len(got) == 0 {
		return nil
	}
	return []check.Finding{unit.Failf("303 (See Other), after which the browser asks for the next page with a GET and sends the credentials nowhere", check.Implementation,
		"%s: the browser sent the posted form, credentials included, again to that URL", strings.Join(got, "; "))}
}

func orUnknown(method string) string {
	if method == "" {
		return "(method unknown)"
	}
	return method
}
