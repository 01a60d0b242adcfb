package refserver

import "net/url"

// grantRefreshToken exchanges a refresh token for a new access token and a
// new refresh token (RFC 6749 §6). MedMij rotates refresh tokens: the one
// presented is used up (long-lived consent, RFC0054).
func (s *Server) grantRefreshToken(client registeredClient, form url.Values) (tokenResponse, *oauthError) {
	value := form.Get("refresh_token")
	if value == "" {
		return tokenResponse{}, errorf("invalid_request", "refresh_token is missing")
	}
	old, ok := s.tokens.token(value)
	// §6: "ensure that the refresh token was issued to the authenticated
	// client".
	if !ok || old.kind != refreshToken || (old.clientID != client.ID && !s.faults.on("refresh-any-client")) {
		return tokenResponse{}, errorf("invalid_grant", "unknown refresh token")
	}
	if old.revoked {
		// A rotated-out refresh token came back: either the client or an
		// attacker holds a copy, and the server cannot tell which. RFC 9700
		// §4.14.2: revoke the whole grant.
		s.tokens.revokeGrant(old.grantID)
		return tokenResponse{}, errorf("invalid_grant", "refresh token was revoked or already used")
	}
	if !old.liveAt(s.now()) {
		return tokenResponse{}, errorf("invalid_grant", "refresh token expired")
	}

	// §6: the scope may be narrowed, never widened; left out, it is the
	// scope originally granted.
	granted, _ := parseScope(old.scope)
	scope := granted
	if form.Get("scope") != "" {
		requested, ok := parseScope(form.Get("scope"))
		if !ok {
			return tokenResponse{}, errorf("invalid_scope", "scope is not RFC 6749 section 3.3 syntax")
		}
		if !scopeWithin(requested, granted) && !s.faults.on("refresh-scope-widened") {
			return tokenResponse{}, errorf("invalid_scope", "scope exceeds the scope originally granted")
		}
		// §6 allows a strict subset: the client asks for less than it may.
		if narrower := !scopeWithin(granted, requested); narrower && s.faults.on("refresh-refuses-narrower-scope") {
			// The fault: only the whole grant can be refreshed.
			return tokenResponse{}, errorf("invalid_scope", "scope differs from the scope originally granted")
		}
		scope = requested
	}
	if s.faults.on("refresh-ignores-narrower-scope") {
		// The fault: the scope parameter is read for the check above and
		// then forgotten; the new access token has the whole grant.
		scope = granted
	}

	if s.faults.on("refresh-not-rotated") {
		// The fault: the same refresh token stays valid and is handed back.
		resp := s.issueTokens(client, old.username, old.grantID, joinScope(scope), "")
		resp.RefreshToken = value
		return resp, nil
	}
	// Rotation. revokeToken is also the one-time check: of two
	// simultaneous requests with the same refresh token, one gets through.
	if s.faults.on("refresh-old-kept") {
		// The fault: a new refresh token is issued, and the old one
		// stays valid too (RFC 6749 §6 allows it; RFC 9700 §4.14.2 does
		// not, for public clients).
	} else if !s.tokens.revokeToken(value) {
		return tokenResponse{}, errorf("invalid_grant", "refresh token was revoked or already used")
	}
	// §6: a new refresh token keeps the scope of the old one, even when
	// the access token's is narrower; and its audience (RFC 8707 §2).
	resp := s.issueTokens(client, old.username, old.grantID, joinScope(scope), old.scope)
	s.restrictAudience(resp, old.audience)
	return resp, nil
}
