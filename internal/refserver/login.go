package refserver

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// loginFailed is the one message for every failed login. It does not say
// whether the username exists, so the page cannot be used to find out who
// is a patient here.
const loginFailed = "Onbekende gebruikersnaam of wachtwoord"

// loginRedirectFault is the status the faults login-307 and login-308
// answer the login's POST with, or 0.
func (s *Server) loginRedirectFault() int {
	switch {
	case s.faults.on("login-307"):
		return http.StatusTemporaryRedirect
	case s.faults.on("login-308"):
		return http.StatusPermanentRedirect
	}
	return 0
}

// handleLogin takes the login form. The pending authorization travels in a
// hidden field rather than a cookie, so that a plain HTTP client that fills
// in forms can walk the flow as well as a browser.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if status := s.loginRedirectFault(); status != 0 && r.URL.Query().Get("again") == "" {
		// The bug of a login handler that moved: the old path answers
		// with a method-preserving redirect, so the browser posts the
		// password once more (RFC 9700 §4.12).
		http.Redirect(w, r, "/oauth/login?again=1", status)
		return
	}
	form, err := readForm(w, r)
	if err != nil {
		showError(w, http.StatusBadRequest, "Het formulier kon niet worden gelezen.")
		return
	}
	pending, ok := s.pending.pending(form.Get("request"))
	if !ok || !s.now().Before(pending.expiresAt) {
		showError(w, http.StatusBadRequest, "Deze aanvraag is onbekend of verlopen. Begin opnieuw in uw PGO.")
		return
	}
	client, _ := s.clients.client(pending.clientID)

	if form.Get("action") == "cancel" {
		// The person stopped: the client learns only that it got no
		// authorization (RFC 6749 §4.1.2.1 access_denied; MedMij A8: after
		// the cancel page the person returns to the PGO).
		if pending.untrusted != nil {
			s.answerUntrusted(w, pending)
			return
		}
		s.pending.takePending(pending.id)
		if s.faults.on("cancel-strands-user") {
			showError(w, http.StatusOK, "U heeft het inloggen geannuleerd.")
			return
		}
		s.redirectError(w, pending.redirectURI, pending.state, &oauthError{code: "access_denied"})
		return
	}

	user, known := s.users.user(form.Get("username"))
	// Compare in constant time, and compare even for an unknown user, so
	// that the answer time does not tell which usernames exist.
	password := []byte(form.Get("password"))
	if subtle.ConstantTimeCompare(password, []byte(user.Password)) != 1 || !known {
		data := newPageData(pending, client)
		data.Error = loginFailed
		writePage(w, http.StatusOK, "login", data)
		return
	}

	if pending.untrusted != nil {
		s.answerUntrusted(w, pending)
		return
	}
	pending.username = user.Username
	s.pending.savePending(pending)
	// The consent question names the client, the data service and the
	// provider (MedMij core.usrint.102), so the person knows who asks what.
	data := newPageData(pending, client)
	if s.faults.on("consent-hides-client") {
		data.ClientName = "een applicatie"
	}
	if s.perScopeConsent() {
		data.Scopes = strings.Split(pending.scope, " ")
	}
	if s.faults.on("frameable-consent") {
		w = framingAllowed{w}
	}
	writePage(w, http.StatusOK, "consent", data)
}
