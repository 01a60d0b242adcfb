package refserver

import (
	"fmt"
	mathrand "math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
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

	// Anything but an explicit yes is a no (RFC 6749 §4.1.2.1
	// access_denied).
	if form.Get("action") != "approve" {
		refusal := &oauthError{code: "access_denied"}
		if s.faults.on("deny-misspelt-error") {
			refusal.code = "acccess_denied"
		}
		s.redirectError(w, pending.redirectURI, pending.state, refusal)
		return
	}
	// The MedMij availability check (beschikbaarheidstoets) happens here,
	// at the authorization interface, as RFC0015 allows. A person without
	// data gets exactly the answer of a person who said no, without an
	// error_description: the client must not be able to tell the two apart,
	// or it would learn who is a patient here (MedMij Autoriseren,
	// exceptions 1 and 2).
	if !user.HasData {
		unavailable := &oauthError{code: "access_denied"}
		if s.faults.on("deny-leaks-reason") {
			unavailable.description = "no data available for this person"
		}
		s.redirectError(w, pending.redirectURI, pending.state, unavailable)
		return
	}

	scope, ok := s.consentedScope(pending.scope, form["scope"])
	if !ok {
		s.redirectError(w, pending.redirectURI, pending.state, &oauthError{code: "access_denied"})
		return
	}
	// Seed 000: the grant holds only the rights the client and the person
	// share (rights.go).
	if scope = s.grantedRights(scope, pending.clientID, user); scope == "" {
		s.redirectError(w, pending.redirectURI, pending.state, &oauthError{code: "access_denied"})
		return
	}
	value := s.newSecret()
	if s.faults.on("low-entropy-code") {
		value = fmt.Sprintf("%06d", mathrand.IntN(1000000))
	}
	code := authorizationCode{
		value:         value,
		clientID:      pending.clientID,
		redirectURI:   pending.redirectURI,
		scope:         scope,
		codeChallenge: pending.codeChallenge,
		username:      user.Username,
		nonce:         pending.nonce,
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

// consentedScope is the scope the person agreed to. Where the consent page
// asks per scope (idporten), a scope whose box the person unticked is left
// out of the grant rather than failing the request (ID-porten "brukerstyrt
// datadeling": "vil det aktuelle scopet ikke bli inkludert"); with every box
// unticked nothing is left to grant. Elsewhere the answer covers the whole
// requested scope.
func (s *Server) consentedScope(requested string, ticked []string) (string, bool) {
	if !s.perScopeConsent() || s.faults.on("declined-scope-granted") {
		return requested, true
	}
	var kept []string
	for _, t := range strings.Split(requested, " ") {
		if slices.Contains(ticked, t) {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, " "), len(kept) > 0
}
