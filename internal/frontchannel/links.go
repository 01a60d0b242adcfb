package frontchannel

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// linkAttr finds the attributes through which a page can send a person on:
// href (links), action and formaction (forms), src (frames) and the URL of a
// meta refresh. A regular expression rather than a full HTML parser: the
// harness only needs to find every URL a person could follow, and a parser
// that gives up on broken markup would hide exactly those.
var linkAttr = regexp.MustCompile(`(?is)\b(?:href|action|formaction|src)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)|\burl\s*=\s*([^"'>;\s]+)`)

// Links returns every URL the page's markup points at, unescaped, in order.
func Links(body []byte) []string {
	var out []string
	for _, m := range linkAttr.FindAllSubmatch(body, -1) {
		v := string(m[1])
		if v == "" {
			v = string(m[2])
		}
		v = strings.Trim(v, `"'`)
		out = append(out, strings.TrimSpace(html.UnescapeString(v)))
	}
	return out
}

// LinksToHost returns the links of a page that lead to host (compared
// without case and without port), e.g. the host of a client's redirect URI.
// Relative links stay on the page's own host and never match.
func LinksToHost(body []byte, host string) []string {
	host = strings.ToLower(host)
	var out []string
	for _, l := range Links(body) {
		u, err := url.Parse(l)
		if err != nil {
			// A link that does not parse may still be followed by a
			// browser; compare the text instead.
			if strings.Contains(strings.ToLower(l), "//"+host) {
				out = append(out, l)
			}
			continue
		}
		if strings.ToLower(u.Hostname()) == host {
			out = append(out, l)
		}
	}
	return out
}

// formAttr finds where a form sends what is typed into it.
var formAttr = regexp.MustCompile(`(?is)<(?:form|button|input)\b[^>]*?\b(?:action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)

// FormTargets returns the URLs the page's forms post to, unescaped. A form
// without action posts to the page itself and adds nothing.
func FormTargets(body []byte) []string {
	var out []string
	for _, m := range formAttr.FindAllSubmatch(body, -1) {
		v := strings.Trim(string(m[1]), `"'`)
		out = append(out, strings.TrimSpace(html.UnescapeString(v)))
	}
	return out
}

// passwordInput finds an <input type=password>, the mark of a login form.
var passwordInput = regexp.MustCompile(`(?is)<input\b[^>]*\btype\s*=\s*["']?password\b`)

// AsksForPassword reports whether the page holds a password field: a login
// page, rather than an error page.
func AsksForPassword(body []byte) bool { return passwordInput.Match(body) }
