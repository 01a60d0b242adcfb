package refserver

import "net/http"

// revokeParams are the parameters the revocation endpoint reads (RFC 7009
// §2.1, plus client authentication).
var revokeParams = []string{"token", "token_type_hint", "client_id", "client_secret"}

// handleRevoke revokes an access or refresh token of the authenticated
// client (RFC 7009). MedMij uses it when a person withdraws a long-lived
// consent (RFC0054).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if !s.offersIntrospection() {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		refuseMethod(w)
		return
	}
	form, err := readForm(w, r)
	if err != nil {
		writeBackChannelError(w, errorf("invalid_request", "%s", err))
		return
	}
	if name, repeated := repeatedParam(form, revokeParams...); repeated {
		writeBackChannelError(w, errorf("invalid_request", "parameter %s is repeated", name))
		return
	}
	client, authErr := s.authenticateClient(r, form)
	if authErr != nil {
		writeBackChannelError(w, authErr)
		return
	}
	value := form.Get("token")
	if value == "" {
		writeBackChannelError(w, errorf("invalid_request", "token is missing"))
		return
	}

	// token_type_hint is ignored: one store holds both kinds, so there is
	// nothing to speed up (§2.1 allows ignoring it).
	tok, ok := s.tokens.token(value)
	if !ok && s.faults.on("revoke-unknown-400") {
		writeBackChannelError(w, errorf("invalid_request", "unknown token"))
		return
	}
	if ok && tok.clientID == client.ID {
		if tok.kind == refreshToken && !s.faults.on("refresh-revoke-keeps-access") {
			// §2.1: revoking a refresh token SHOULD also invalidate the
			// access tokens of the same grant; a withdrawn consent is
			// withdrawn everywhere.
			s.tokens.revokeGrant(tok.grantID)
		} else {
			s.tokens.revokeToken(value)
		}
	}
	// §2.2: 200 also for an unknown token, since the client's goal (the
	// token is unusable) is reached. A token of another client is treated
	// as unknown: §2.1 asks to refuse, but names no error code, and an
	// error would tell the caller that the token exists.
	setNoStore(w.Header())
	w.WriteHeader(http.StatusOK)
}
