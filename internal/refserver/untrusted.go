package refserver

import (
	"net/http"
	"net/url"
)

// untrustedRequest is what a faulty server remembers of an authorization
// request it should have refused at once: the client or its redirect URI
// cannot be trusted, but it shows the login page anyway and decides only
// after the login. Real servers do this when they check the client in the
// login flow's last step (docs/peers.md: go-oauth2). A correct server never
// gets here: it shows the error page before anyone logs in.
type untrustedRequest struct {
	problem string // the message of the error page
	// redirect: after the login, send the person to the redirect URI the
	// request named, with an error. That makes the server an open
	// redirector (RFC 6749 §10.15) one login later.
	redirect bool
}

// deferredClientCheck returns, under one of the faults that check the
// client only after the login, what to do then; nil for a correct server.
func (s *Server) deferredClientCheck(query url.Values, problem string) *untrustedRequest {
	switch {
	case s.faults.on("unknown-client-redirected-after-login") && query.Get("redirect_uri") != "":
		return &untrustedRequest{problem: problem, redirect: true}
	case s.faults.on("client-checked-after-login"):
		return &untrustedRequest{problem: problem}
	}
	return nil
}

// showLoginForUntrusted shows the login page for a request that should
// have been refused.
func (s *Server) showLoginForUntrusted(w http.ResponseWriter, query url.Values, later *untrustedRequest) {
	pending := pendingAuthorization{
		id:          randomString(32),
		clientID:    query.Get("client_id"),
		redirectURI: query.Get("redirect_uri"),
		state:       query.Get("state"),
		scope:       query.Get("scope"),
		expiresAt:   s.now().Add(pendingLifetime),
		untrusted:   later,
	}
	s.pending.savePending(pending)
	writePage(w, http.StatusOK, "login", newPageData(pending, registeredClient{}))
}

// answerUntrusted is what the person gets after logging in for such a
// request.
func (s *Server) answerUntrusted(w http.ResponseWriter, pending pendingAuthorization) {
	s.pending.takePending(pending.id)
	if pending.untrusted.redirect {
		s.redirectError(w, pending.redirectURI, pending.state, errorf("unauthorized_client", "unknown client"))
		return
	}
	showError(w, http.StatusBadRequest, pending.untrusted.problem)
}
