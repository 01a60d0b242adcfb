package browser

import (
	"fmt"
	"net/url"
	"strings"
)

// GuardFills limits the hosts (host or host:port) whose pages a script may
// type into. An empty list allows every host.
func (s *Session) GuardFills(hosts []string) {
	s.mu.Lock()
	s.fillHosts = append([]string(nil), hosts...)
	s.mu.Unlock()
}

// fillAllowedAt refuses to type into a document at pageURL (the top page's,
// or an iframe's) unless its host is in fillHosts.
func (s *Session) fillAllowedAt(pageURL string) error {
	s.mu.Lock()
	hosts := s.fillHosts
	s.mu.Unlock()
	if len(hosts) == 0 {
		return nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return fmt.Errorf("refusing to type into a page whose URL cannot be read: %v", err)
	}
	for _, h := range hosts {
		if strings.EqualFold(h, u.Host) || strings.EqualFold(h, u.Hostname()) {
			return nil
		}
	}
	return fmt.Errorf("refusing to type into a page at %s: the target file does not name that host, and a test user's credentials go nowhere else", u.Host)
}

// MatchURL reports whether url matches a script's URL glob, as Action.Match
// is matched; the HTTP agent uses the same rule.
func MatchURL(glob, url string) bool { return globRegexp(glob).MatchString(url) }
