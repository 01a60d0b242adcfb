package refserver

import (
	"net/http"
	"net/url"
)

// handleConsent takes the person's answer to the consent question
// (toestemmingsvraag, MedMij core.usrint.102) and ends the front-channel
// part of the flow with a redirect to the client.
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(w, r)
	if err != nil {
		showError(w, http.StatusBadRequest, "Het formulier kon niet worden gelezen.")
		return
	}
	// Taking the pending authorization makes the answer count once: a
	// second submit of the same page finds nothing.
	pending, ok := s.pending.takePending(form.Get("request"))
	if !ok || !s.now().Before(pending.expiresAt) || pending.username == "" {
		showError(w, http.StatusBadRequest, "Deze aanvraag is onbekend of verlopen. Begin opnieuw in uw PGO.")
		return
	}
	user, _ := s.users.user(pending.username)

	// The MedMij availability check (beschikbaarheidstoets) happens here,
	// at the authorization interface, as RFC0015 allows. A person without
	// data gets exactly the answer of a person who said no, without an
	// error_description: the client must not be able to tell the two apart,
	// or it would learn who is a patient here (MedMij Autoriseren,
	// exceptions 1 and 2). Anything but an explicit yes is a no.
	if form.Get("action") != "approve" || !user.HasData {
		s.redirectError(w, pending.redirectURI, pending.state, &oauthError{code: "access_denied"})
		return
	}

	code := authorizationCode{
		value:         s.newSecret(),
		clientID:      pending.clientID,
		redirectURI:   pending.redirectURI,
		scope:         pending.scope,
		codeChallenge: pending.codeChallenge,
		username:      user.Username,
		grantID:       randomString(16),
		expiresAt:     s.now().Add(codeLifetime),
	}
	s.codes.saveCode(code)

	// RFC 6749 §4.1.2: state is returned exactly as received; it is how the
	// client ties this response to its own request.
	state := pending.state
	if s.faults.on("state-not-echoed") {
		state = randomString(16)
	}
	s.redirectToClient(w, pending.redirectURI, url.Values{"code": {code.value}, "state": {state}})
}
