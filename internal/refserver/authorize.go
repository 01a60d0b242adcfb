package refserver

import (
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// authorizeParams are the parameters the authorization endpoint reads. It
// ignores all others, such as MedMij-Request-ID and X-Correlation-ID (RFC
// 6749 §3.1: "MUST ignore unrecognized request parameters"; MedMij
// core.authint.200 says the same).
var authorizeParams = []string{
	"response_type", "client_id", "redirect_uri", "scope", "state",
	"code_challenge", "code_challenge_method",
	// OIDC Core §3.1.2.1 (oidc profile): echoed in the ID token.
	"nonce",
}

// challengePattern is the form of an S256 code challenge: BASE64URL of a
// SHA-256 hash, 32 bytes, so 43 characters without padding (RFC 7636 §4.2).
var challengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// handleAuthorize is the authorization endpoint (RFC 6749 §4.1.1). It
// checks the request in two steps, because what it may do with an error
// depends on how far it got.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	query, queryErr := url.ParseQuery(r.URL.RawQuery)

	// Step 1: until the client and its redirect URI are known to belong
	// together, the person must not be sent anywhere. Redirecting now
	// would make this server an open redirector (RFC 6749 §4.1.2.1,
	// §10.15), so the person sees an error page without a way back.
	client, problem := s.checkClient(query)
	if problem != "" {
		if _, known := s.clients.client(query.Get("client_id")); !known && query.Get("redirect_uri") != "" && s.faults.on("open-redirect-on-unknown-client") {
			s.redirectError(w, query.Get("redirect_uri"), query.Get("state"), errorf("unauthorized_client", "unknown client"))
			return
		}
		if s.faults.on("refusal-without-page") {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if later := s.deferredClientCheck(query, problem); later != nil {
			s.showLoginForUntrusted(w, query, later)
			return
		}
		showError(w, http.StatusBadRequest, problem)
		return
	}

	// Step 2: every other error goes back to the client (§4.1.2.1), before
	// the login page, so that a person never logs in for a request that
	// was going to fail anyway.
	state := query.Get("state")
	pending, err := s.checkAuthorizationRequest(query, queryErr)
	if err != nil {
		s.redirectError(w, client.RedirectURI, state, err)
		return
	}
	pending.id = randomString(32)
	pending.clientID = client.ID
	pending.redirectURI = client.RedirectURI
	pending.expiresAt = s.now().Add(pendingLifetime)
	s.pending.savePending(pending)
	if s.faults.on("frameable-login") {
		w = framingAllowed{w}
	}
	data := newPageData(pending, client)
	if s.faults.on("login-form-over-http") {
		// The bug of a server behind a TLS-terminating proxy that builds
		// absolute URLs from the scheme it sees itself.
		data.FormBase = "http://" + r.Host
	}
	if s.faults.on("login-form-posts-elsewhere") {
		// The same bug with the host: absolute URLs from a configured
		// name that is not the one the person came by. localhost is this
		// very server, but to a target file naming 127.0.0.1 another
		// host, and one every machine has, under both agents.
		data.FormBase = "https://" + elsewhere(r.Host)
	}
	if s.faults.on("login-beacon-elsewhere") {
		// An analytics snippet that records what the form sends.
		data.BeaconURL = "https://" + elsewhere(r.Host) + "/collect"
	}
	writePage(w, http.StatusOK, "login", data)
}

// checkClient returns the client, or a message for the person if the
// client_id or redirect_uri is missing, repeated, unknown, or not the one
// registered.
func (s *Server) checkClient(query url.Values) (registeredClient, string) {
	if len(query["client_id"]) != 1 || query.Get("client_id") == "" {
		return registeredClient{}, "De aanvraag noemt geen applicatie (client_id), of meer dan één."
	}
	client, ok := s.clients.client(query.Get("client_id"))
	if !ok {
		return registeredClient{}, "De applicatie die u hierheen stuurde (client_id) is bij deze zorgaanbieder niet bekend."
	}
	// MedMij requires redirect_uri (core.authint.200). It is compared as a
	// plain string with the registered one (RFC 6749 §3.1.2.3 and RFC 3986
	// §6.2.1): no normalisation, which would be one more thing to get wrong.
	if len(query["redirect_uri"]) == 0 && s.faults.on("redirect-uri-optional") {
		return client, ""
	}
	if query.Get("redirect_uri") != "" && s.faults.on("redirect-unregistered-uri") {
		client.RedirectURI = query.Get("redirect_uri")
	}
	if len(query["redirect_uri"]) != 1 || query.Get("redirect_uri") != client.RedirectURI {
		return registeredClient{}, "Het terugkeeradres (redirect_uri) ontbreekt of hoort niet bij deze applicatie."
	}
	return client, ""
}

// checkAuthorizationRequest checks everything but the client, in a fixed
// order so that a request with several errors always gets the same one.
func (s *Server) checkAuthorizationRequest(query url.Values, queryErr error) (pendingAuthorization, *oauthError) {
	if queryErr != nil {
		return pendingAuthorization{}, errorf("invalid_request", "the query string is not valid URL encoding")
	}
	if name, repeated := repeatedParam(query, authorizeParams...); repeated && !s.faults.on("duplicate-params-accepted") {
		return pendingAuthorization{}, errorf("invalid_request", "parameter %s is repeated", name)
	}
	if s.faults.on("unknown-params-rejected") {
		for name := range query {
			if !slices.Contains(authorizeParams, name) {
				return pendingAuthorization{}, errorf("invalid_request", "unknown parameter %s", name)
			}
		}
	}

	switch responseType := query.Get("response_type"); {
	case s.faults.on("response-type-ignored"):
	case responseType == "":
		return pendingAuthorization{}, errorf("invalid_request", "response_type is missing")
	case responseType != "code":
		return pendingAuthorization{}, errorf("unsupported_response_type", "only response_type=code is supported")
	}

	// RFC 6749 makes state RECOMMENDED; MedMij makes it required, because
	// it is the client's defence against cross-site request forgery (§10.12).
	state := query.Get("state")
	if state == "" && !s.faults.on("state-optional") {
		return pendingAuthorization{}, errorf("invalid_request", "state is missing")
	}

	// MedMij makes scope required (core.authint.200); RFC 6749 §3.3 lets a
	// server choose between a default and invalid_scope, and this server
	// has no default.
	rawScope := query.Get("scope")
	if rawScope == "" && s.faults.on("scope-default-when-missing") {
		rawScope = s.dataScope()
	}
	if rawScope == "" {
		return pendingAuthorization{}, errorf("invalid_scope", "scope is missing")
	}
	scope, ok := parseScope(rawScope)
	if s.faults.on("scope-space-server-error") && (strings.Contains(rawScope, "  ") || strings.HasSuffix(rawScope, " ")) {
		return pendingAuthorization{}, errorf("server_error", "scope has an empty token")
	}
	if s.faults.on("malformed-scope-server-error") && strings.ContainsAny(rawScope, `"\`) {
		return pendingAuthorization{}, errorf("server_error", "scope has a quote or backslash")
	}
	if s.faults.on("unknown-scope-server-error") && ok && !scopeWithin(scope, s.authorizableScopes()) {
		return pendingAuthorization{}, errorf("server_error", "unknown scope")
	}
	if !s.faults.on("scope-not-validated") {
		if !ok {
			return pendingAuthorization{}, errorf("invalid_scope", "scope is not RFC 6749 section 3.3 syntax")
		}
		if !scopeWithin(scope, s.authorizableScopes()) {
			return pendingAuthorization{}, errorf("invalid_scope", "unknown scope")
		}
	}

	challenge, err := s.checkCodeChallenge(query.Get("code_challenge"), query.Get("code_challenge_method"))
	if err != nil {
		return pendingAuthorization{}, err
	}

	return pendingAuthorization{
		state:         state,
		scope:         joinScope(scope),
		codeChallenge: challenge,
		nonce:         query.Get("nonce"),
	}, nil
}

// checkCodeChallenge checks the PKCE parameters (RFC 7636 §4.3, §4.4.1).
// PKCE is optional in MedMij and required in ID-porten. When a client uses
// it, it must use S256: a missing method means plain (§4.3), and a plain
// challenge protects nothing against someone who can read the request (RFC
// 9700 §2.1.1), so the metadata lists only S256.
func (s *Server) checkCodeChallenge(challenge, method string) (string, *oauthError) {
	if method == "" && challenge != "" {
		method = "plain"
	}
	switch {
	case challenge == "" && method == "":
		if s.profile == "idporten" && !s.faults.on("pkce-optional") {
			return "", errorf("invalid_request", "code_challenge is required")
		}
	case s.faults.on("pkce-s256-refused"):
		return "", errorf("invalid_request", "code_challenge is not supported")
	case challenge == "":
		return "", errorf("invalid_request", "code_challenge_method without code_challenge")
	case method == "plain" && s.faults.on("pkce-plain-accepted"):
	case method != "S256":
		return "", errorf("invalid_request", "code_challenge_method must be S256")
	case !challengePattern.MatchString(challenge) && !s.faults.on("pkce-challenge-unchecked"):
		return "", errorf("invalid_request", "code_challenge must be 43 characters of base64url")
	}
	return challenge, nil
}

// redirectError sends an error back to the client (RFC 6749 §4.1.2.1).
// state goes back as it came (§4.1.2.1: "REQUIRED if a state parameter was
// present in the client authorization request").
func (s *Server) redirectError(w http.ResponseWriter, redirectURI, state string, e *oauthError) {
	params := url.Values{"error": {e.code}}
	if e.description != "" {
		params.Set("error_description", e.description)
	}
	if state != "" && !s.faults.on("state-dropped-on-error") {
		params.Set("state", state)
	}
	s.redirectToClient(w, redirectURI, params)
}

// redirectToClient sends the browser back to the client with an
// authorization response. Every response carries iss (RFC 9207 §2), so a
// client that talks to several servers can tell which one answered and
// cannot be tricked into sending a code to the wrong one.
func (s *Server) redirectToClient(w http.ResponseWriter, redirectURI string, params url.Values) {
	if !s.faults.on("iss-missing") {
		params.Set("iss", s.issuer)
	}
	if params.Has("state") && s.faults.on("state-reencoded") {
		params.Set("state", url.QueryEscape(params.Get("state")))
	}
	separator := "?"
	if strings.Contains(redirectURI, "?") {
		// §3.1.2: a query in the registered URI "MUST be retained".
		separator = "&"
	}
	w.Header().Set("Location", redirectURI+separator+params.Encode())
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(http.StatusFound)
}

// authorizableScopes are the scopes a client may ask a person for. In the
// idporten profile the provider offers a second API, so that a person can
// consent to one scope and decline the other (ID-porten "brukerstyrt
// datadeling": a declined scope is left out, the request does not fail).
func (s *Server) authorizableScopes() []string {
	if s.profile == "idporten" {
		return []string{s.dataScope(), allergyScope, contactScope}
	}
	if s.profile == "oidc" {
		// OIDC Core §3.1.2.1: openid asks for an ID token (idtoken.go).
		return []string{dataScope, allergyScope, "openid"}
	}
	return []string{dataScope, allergyScope}
}

// perScopeConsent reports whether the consent page asks per scope.
func (s *Server) perScopeConsent() bool { return s.profile == "idporten" }

// elsewhere is this server under another host name (localhost for the
// IP the person came by), for the faults that send the password there.
func elsewhere(host string) string {
	if _, port, err := net.SplitHostPort(host); err == nil {
		return net.JoinHostPort("localhost", port)
	}
	return "localhost"
}
