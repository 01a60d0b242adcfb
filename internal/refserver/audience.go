package refserver

import (
	"net/url"
	"slices"
)

// Resource indicators (RFC 8707, acm profile). A client may name, with the
// resource parameter of a token request, the protected resources a token is
// meant for (§2). The token is then audience-restricted: the other
// resources of this server refuse it, so a token leaked by, or stolen
// from, one resource cannot be replayed at another (§1, RFC 9700 §2.3).

// resourceURLs are this server's protected resources, as resource
// indicators: absolute URIs without a fragment (§2).
func (s *Server) resourceURLs() []string {
	var urls []string
	for _, r := range s.rights() {
		urls = append(urls, s.issuer+r.path)
	}
	return urls
}

// requestedAudience reads the resource parameters of a token request. A
// resource this server does not serve is invalid_target (§2). Outside the
// acm profile the parameter is not read.
func (s *Server) requestedAudience(form url.Values) ([]string, *oauthError) {
	if s.profile != "acm" {
		return nil, nil
	}
	for _, resource := range form["resource"] {
		if !slices.Contains(s.resourceURLs(), resource) && !s.faults.on("resource-unchecked") {
			return nil, errorf("invalid_target", "resource is not served by this server")
		}
	}
	return form["resource"], nil
}

// restrictAudience marks the tokens of a response as meant for audience
// only. The refresh token keeps it, so a refresh does not widen it.
func (s *Server) restrictAudience(resp tokenResponse, audience []string) {
	if len(audience) == 0 {
		return
	}
	for _, value := range []string{resp.AccessToken, resp.RefreshToken} {
		if t, ok := s.tokens.token(value); ok {
			t.audience = slices.Clone(audience)
			s.tokens.saveToken(t)
		}
	}
}

// audienceAllows reports whether a token may be used at the resource at
// path: a token without audience is good at every resource of this server.
func (s *Server) audienceAllows(t token, path string) bool {
	if len(t.audience) == 0 || s.faults.on("audience-unchecked") {
		return true
	}
	return slices.Contains(t.audience, s.issuer+path)
}
