package refserver

import (
	"net/url"
	"slices"
)

// grantClientCredentials issues a token to a client acting for itself (RFC
// 6749 §4.4). Only clients registered for it may use it. The token carries
// no person, so it never grants the data scope: a person's data needs that
// person's consent. It gets statusScope instead, which reads nothing.
func (s *Server) grantClientCredentials(client registeredClient, form url.Values) (tokenResponse, *oauthError) {
	allowed := []string{statusScope}
	var requested []string
	if form.Get("scope") != "" {
		var ok bool
		if requested, ok = parseScope(form.Get("scope")); !ok {
			return tokenResponse{}, errorf("invalid_scope", "scope is not RFC 6749 section 3.3 syntax")
		}
		if !scopeWithin(requested, allowed) && !s.faults.on("cc-scope-widened") {
			return tokenResponse{}, errorf("invalid_scope", "client_credentials grants only %s", statusScope)
		}
	}
	// Seed 003 (ACM): the client's default scopes are "always requested,
	// even if the client does not ask for them explicitly". RFC 6749 §3.3
	// lets a server fill in a missing scope with a pre-defined default; a
	// client without defaults must then name one.
	scope := requested
	if !s.faults.on("default-scopes-not-added") {
		scope = append(slices.Clone(requested), client.DefaultScopes...)
	}
	if len(scope) == 0 && len(client.DefaultScopes) == 0 {
		return tokenResponse{}, errorf("invalid_scope", "no scope requested and this client has no default scope")
	}
	// §4.4.3: "A refresh token SHOULD NOT be included": the client can
	// simply authenticate again. Its own grant id keeps a revocation of
	// this token from touching any other.
	// RFC 8707 §2 (acm profile): resource names the protected resources the
	// token is meant for (audience.go); any other is invalid_target.
	audience, err := s.requestedAudience(form)
	if err != nil {
		return tokenResponse{}, err
	}
	refreshScope := ""
	if s.faults.on("cc-refresh-token") {
		refreshScope = joinScope(scope)
	}
	resp := s.issueTokens(client, "", randomString(16), joinScope(scope), refreshScope)
	s.restrictAudience(resp, audience)
	return resp, nil
}
