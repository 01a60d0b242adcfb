package refserver

import (
	"net/http"
	"slices"
)

// handleResourceWrite takes a new MedicationStatement (POST, the FHIR
// create interaction) in the idporten profile. Seed 004: a scope without a
// postfix gives read access only; writing needs the scope with .write. This
// server never grants that scope, so every write with a valid token is
// refused with 403 insufficient_scope (RFC 6750 §3.1), naming the scope
// that would do. The other profiles offer reading only (MedMij Verzamelen):
// 405.
func (s *Server) handleResourceWrite(w http.ResponseWriter, r *http.Request) {
	if s.profile != "idporten" {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "the resource can only be read", http.StatusMethodNotAllowed)
		return
	}
	want, _ := s.rightAt(r.URL.Path)
	write := right{name: want.name, scope: want.scope + writePostfix, path: want.path}
	value, present, wellFormed := bearerToken(r.Header.Values("Authorization"))
	switch {
	case !present:
		s.refuseResource(w, write, http.StatusUnauthorized, "", "no access token in the Authorization header")
		return
	case !wellFormed:
		s.refuseResource(w, write, http.StatusBadRequest, "invalid_request", "the Authorization header is not a valid Bearer credential")
		return
	}
	tok, ok := s.tokens.token(value)
	if !ok || tok.kind != accessToken || !tok.liveAt(s.now()) || !s.audienceAllows(tok, want.path) {
		s.refuseResource(w, write, http.StatusUnauthorized, "invalid_token", "the access token is unknown, expired or revoked")
		return
	}
	scope, _ := parseScope(tok.scope)
	mayWrite := slices.Contains(scope, write.scope)
	if s.faults.on("read-scope-writes") {
		// The fault: the server checks that the token opens the
		// service, not whether it opens it for writing.
		mayWrite = slices.Contains(scope, want.scope)
	}
	if !mayWrite {
		s.refuseResource(w, write, http.StatusForbidden, "insufficient_scope", "writing needs the scope "+write.scope)
		return
	}
	// Nothing is stored: the write exists to show the scope check.
	setNoStore(w.Header())
	w.Header().Set("Location", s.issuer+want.path+"/new")
	w.WriteHeader(http.StatusCreated)
}
