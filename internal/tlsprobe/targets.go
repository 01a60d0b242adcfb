package tlsprobe

import (
	"net"
	"net/url"
	"strings"
)

// HTTPSAddrs returns the distinct host:port of the https URLs among urls,
// in the order first seen; the port defaults to 443. Other URLs (http,
// relative, malformed) are left out: they have no TLS to probe.
func HTTPSAddrs(urls []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, raw := range urls {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || !strings.EqualFold(u.Scheme, "https") || u.Hostname() == "" {
			continue
		}
		port := u.Port()
		if port == "" {
			port = "443"
		}
		addr := net.JoinHostPort(strings.ToLower(u.Hostname()), port)
		if !seen[addr] {
			seen[addr] = true
			out = append(out, addr)
		}
	}
	return out
}
