package refserver

import "net/http"

// introspectParams are the parameters the introspection endpoint reads
// (RFC 7662 §2.1, plus client authentication).
var introspectParams = []string{"token", "token_type_hint", "client_id", "client_secret"}

// offersIntrospection tells whether the profile the server plays has the
// introspection and revocation endpoints. The oauth2 profile plays a bare
// RFC 6749 server: RFC 7662 and RFC 7009 are extensions, and a harness must
// report their rules as not applicable when a server does not advertise
// them.
func (s *Server) offersIntrospection() bool { return s.profile != "oauth2" }

// introspection is an active token's introspection response (RFC 7662
// §2.2).
type introspection struct {
	Active    bool   `json:"active"`
	Scope     string `json:"scope"`
	ClientID  string `json:"client_id"`
	TokenType string `json:"token_type,omitempty"`
	Expires   int64  `json:"exp,omitempty"`
	IssuedAt  int64  `json:"iat"`
	// Subject is the person; a client_credentials token has none.
	Subject string `json:"sub,omitempty"`
	Issuer  string `json:"iss"`
}

// handleIntrospect tells an authenticated client whether a token is active
// (RFC 7662).
func (s *Server) handleIntrospect(w http.ResponseWriter, r *http.Request) {
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
	if name, repeated := repeatedParam(form, introspectParams...); repeated {
		writeBackChannelError(w, errorf("invalid_request", "parameter %s is repeated", name))
		return
	}
	// §2.1: the endpoint requires authentication, or it would let anyone
	// test stolen tokens.
	client, authErr := s.authenticateClient(r, form)
	if authErr != nil && s.faults.on("introspect-unauthenticated") {
		// The bug: a caller without credentials is treated as the
		// client that owns the token.
		tok, _ := s.tokens.token(form.Get("token"))
		client, authErr = registeredClient{Client: Client{ID: tok.clientID}}, nil
	}
	if authErr != nil {
		writeBackChannelError(w, authErr)
		return
	}
	value := form.Get("token")
	if value == "" {
		writeBackChannelError(w, errorf("invalid_request", "token is missing"))
		return
	}

	setNoStore(w.Header())
	tok, ok := s.tokens.token(value)
	if ok && tok.revoked && s.faults.on("revoked-still-active") {
		tok.revoked = false
	}
	// §2.2: unknown, expired, revoked, and "not allowed to introspect this
	// particular token" all get the same bare answer, so the response says
	// nothing about tokens of other clients.
	if !ok || !tok.liveAt(s.now()) || tok.clientID != client.ID {
		if s.faults.on("inactive-reported-active") {
			writeJSON(w, http.StatusOK, map[string]bool{"active": true})
			return
		}
		if s.faults.on("inactive-with-claims") {
			writeJSON(w, http.StatusOK, map[string]any{"active": false, "error": "token unknown, expired or revoked"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"active": false})
		return
	}
	resp := introspection{
		Active:   true,
		Scope:    tok.scope,
		ClientID: tok.clientID,
		Expires:  tok.expiresAt.Unix(),
		IssuedAt: tok.issuedAt.Unix(),
		Subject:  tok.username,
		Issuer:   s.issuer,
	}
	if tok.kind == accessToken {
		// token_type is an access token type (RFC 6749 §7.1); a refresh
		// token has none.
		resp.TokenType = "Bearer"
	}
	if s.faults.on("introspect-exp-as-text") {
		// The bug: exp as a date text, where §2.2 asks for the integer
		// timestamp of RFC 7519.
		writeJSON(w, http.StatusOK, map[string]any{"active": true, "scope": resp.Scope, "client_id": resp.ClientID,
			"exp": tok.expiresAt.UTC().Format("2006-01-02T15:04:05Z")})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}
