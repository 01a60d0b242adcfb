package frontchannel

import (
	"net/http"
	"strings"
)

// FramingForbidden reports whether the response headers keep other sites
// from framing the page (RFC 6749 §10.13: clickjacking), and how: either
// X-Frame-Options DENY or SAMEORIGIN (RFC 7034), or a Content-Security-Policy
// whose frame-ancestors directive allows no other origin (CSP Level 2 §7.7).
// A policy that allows any origin ("*", a bare scheme such as "https:") does
// not count.
func FramingForbidden(h http.Header) (bool, string) {
	for _, v := range h.Values("X-Frame-Options") {
		switch strings.ToUpper(strings.TrimSpace(v)) {
		case "DENY", "SAMEORIGIN":
			return true, "X-Frame-Options: " + strings.TrimSpace(v)
		}
	}
	for _, policy := range h.Values("Content-Security-Policy") {
		sources, ok := FrameAncestors(policy)
		if ok && !allowsAnyOrigin(sources) {
			return true, "Content-Security-Policy frame-ancestors " + strings.Join(sources, " ")
		}
	}
	return false, "neither X-Frame-Options DENY/SAMEORIGIN nor a CSP frame-ancestors directive"
}

// FrameAncestors returns the sources of the frame-ancestors directive of a
// Content-Security-Policy value; ok is false when the policy has none. Per
// CSP §4.2.1 only the first occurrence of a directive counts, and directive
// names are case-insensitive.
func FrameAncestors(policy string) (sources []string, ok bool) {
	for _, directive := range strings.Split(policy, ";") {
		fields := strings.Fields(directive)
		if len(fields) == 0 {
			continue
		}
		if strings.EqualFold(fields[0], "frame-ancestors") {
			return fields[1:], true
		}
	}
	return nil, false
}

// allowsAnyOrigin: an empty source list means 'none' (CSP §2.3.1), so only
// wildcards and bare schemes open the page to every site.
func allowsAnyOrigin(sources []string) bool {
	for _, s := range sources {
		l := strings.ToLower(s)
		if l == "*" || l == "http:" || l == "https:" || strings.HasPrefix(l, "*") {
			return true
		}
	}
	return false
}
