package refserver

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// tokenParams are the parameters the token endpoint reads (RFC 6749
// §2.3.1, §4.1.3, §4.4.2, §6; RFC 7636 §4.5). It ignores all others.
var tokenParams = []string{
	"grant_type", "code", "redirect_uri", "code_verifier", "refresh_token",
	"scope", "client_id", "client_secret", "client_assertion", "client_assertion_type",
}

// grantHandler issues tokens for one grant type, after the client has been
// authenticated and found allowed to use that grant.
type grantHandler func(s *Server, client registeredClient, form url.Values) (tokenResponse, *oauthError)

// grants are the grant types this server supports, one file each. Adding a
// grant type is a new file and a line here.
var grants = map[string]grantHandler{
	"authorization_code": (*Server).grantAuthorizationCode,
	"refresh_token":      (*Server).grantRefreshToken,
	"client_credentials": (*Server).grantClientCredentials,
}

// tokenResponse is the successful token response of RFC 6749 §5.1.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	// RefreshToken is left out for client_credentials (§4.4.3).
	RefreshToken string `json:"refresh_token,omitempty"`
	// Scope is always sent, although §5.1 makes it OPTIONAL when it is
	// identical to the requested scope: naming it costs nothing and
	// spares the client the comparison. Empty only for a token without
	// scope, which only faults issue.
	Scope string `json:"scope,omitempty"`
	// IDToken is the OpenID Connect ID token (oidc profile, idtoken.go).
	IDToken string `json:"id_token,omitempty"`
}

// tokenSlowness is how long the fault slow-token keeps a request waiting:
// just over MedMij's 10 seconds.
const tokenSlowness = 10*time.Second + 500*time.Millisecond

// handleToken is the token endpoint (RFC 6749 §3.2). Every answer, good or
// bad, is JSON that must not be cached.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		if !s.faults.on("get-token-accepted") {
			refuseMethod(w)
			return
		}
		// The fault: a framework that reads "the parameters" wherever
		// they are, so a GET with a query string is served like a POST.
		r = queryAsForm(r)
	}
	if s.faults.on("slow-token") {
		// The fault: a slow backend behind the token endpoint. MedMij
		// core.tknint.206 allows 10 seconds.
		time.Sleep(tokenSlowness)
	}
	// MedMij core.tknint.208: the tracing headers MedMij-Request-ID and
	// X-Correlation-ID come with token requests too; like the resource
	// interface, the server logs them and never refuses them.
	if r.Header.Get("MedMij-Request-ID") != "" && s.faults.on("token-tracing-header-refused") {
		s.writeTokenError(w, errorf("invalid_request", "unexpected header MedMij-Request-ID"))
		return
	}
	resp, err := s.token(w, r)
	if err != nil {
		s.writeTokenError(w, err)
		return
	}
	if s.faults.on("scope-omitted-when-changed") {
		// The fault: scope is never sent, as if every grant were exactly
		// what was asked for. §5.1 and §3.3 require it whenever the scope
		// granted differs from the scope requested.
		resp.Scope = ""
	}
	setNoStore(w.Header())
	if s.faults.on("no-store-missing") {
		w.Header().Del("Cache-Control")
	}
	writeJSON(w, http.StatusOK, resp)
}

// token checks what every grant type shares, in a fixed order, then hands
// over to the grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) (tokenResponse, *oauthError) {
	// §2.3.1: client credentials "MUST NOT be included in the request
	// URI", where logs and proxies keep them. A secret found there is
	// refused, not ignored, so the client learns of its mistake.
	if r.URL.Query().Has("client_secret") {
		if !s.faults.on("query-secret-accepted") {
			return tokenResponse{}, errorf("invalid_request", "client_secret must not be sent in the request URI")
		}
		// The fault: a framework that reads parameters wherever they
		// are, so credentials in the URI authenticate the client as if
		// it had sent them the way it registered.
		r = queryCredentialsAsOwn(r, s.clients)
	}
	form, err := s.readTokenForm(w, r)
	if err != nil {
		return tokenResponse{}, errorf("invalid_request", "%s", err)
	}
	// §3.2: "Request and response parameters MUST NOT be included more
	// than once."
	if name, repeated := repeatedParam(form, tokenParams...); repeated && !s.faults.on("duplicate-token-params-accepted") {
		return tokenResponse{}, errorf("invalid_request", "parameter %s is repeated", name)
	}
	client, authErr := s.authenticateClient(r, form)
	if authErr != nil {
		return tokenResponse{}, authErr
	}
	grantType := form.Get("grant_type")
	if grantType == "" {
		return tokenResponse{}, errorf("invalid_request", "grant_type is missing")
	}
	grant, supported := grants[grantType]
	if !supported {
		if s.faults.on("unsupported-grant-as-invalid-request") {
			return tokenResponse{}, errorf("invalid_request", "grant_type %s is not valid", grantType)
		}
		return tokenResponse{}, errorf("unsupported_grant_type", "grant_type %s is not supported", grantType)
	}
	if !client.mayUse(grantType) && !s.faults.on("grant-types-unchecked") {
		return tokenResponse{}, errorf("unauthorized_client", "this client may not use grant_type %s", grantType)
	}
	return grant(s, client, form)
}

// readTokenForm reads the request body. §3.2 and §4.1.3 ask for
// application/x-www-form-urlencoded; anything else is invalid_request.
func (s *Server) readTokenForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "application/json" && s.faults.on("json-body-accepted") {
		// The fault: a server that "helpfully" also takes JSON bodies.
		var fields map[string]string
		body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFormBytes))
		if err := json.Unmarshal(body, &fields); err != nil {
			return nil, fmt.Errorf("the body is not a JSON object of strings")
		}
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, v)
		}
		return form, nil
	}
	return readForm(w, r)
}

// queryCredentialsAsOwn moves client_id and client_secret from the URI to
// where the client's registered method puts them: the Authorization header
// (Basic, form-encoded as §2.3.1 asks) or the body. Only the fault
// query-secret-accepted uses it.
func queryCredentialsAsOwn(r *http.Request, clients clientStore) *http.Request {
	q := r.URL.Query()
	id, secret := q.Get("client_id"), q.Get("client_secret")
	c := r.Clone(r.Context())
	client, _ := clients.client(id)
	switch {
	case client.AuthMethod == "client_secret_basic" && c.Header.Get("Authorization") == "":
		c.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	case client.AuthMethod == "client_secret_post":
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxFormBytes))
		extra := url.Values{"client_secret": {secret}}
		if form, _ := url.ParseQuery(string(body)); !form.Has("client_id") {
			extra.Set("client_id", id)
		}
		if len(body) > 0 {
			body = append(body, '&')
		}
		c.Body = io.NopCloser(strings.NewReader(string(body) + extra.Encode()))
		c.ContentLength = -1
	}
	return c
}

// queryAsForm turns a GET into the POST it pretends to be. Only the fault
// get-token-accepted uses it.
func queryAsForm(r *http.Request) *http.Request {
	c := r.Clone(r.Context())
	c.Method = http.MethodPost
	c.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.Body = io.NopCloser(strings.NewReader(r.URL.RawQuery))
	// The parameters have moved to the body; the URL keeps none.
	c.URL.RawQuery = ""
	return c
}

// writeTokenError answers with a §5.2 error (writeBackChannelError in
// oauth.go). The faults here are the ways real servers get the form of an
// error wrong; each is decided at this one place.
func (s *Server) writeTokenError(w http.ResponseWriter, e *oauthError) {
	if e.code == "invalid_request" && s.faults.on("invalid-request-as-invalid-grant") {
		e = &oauthError{code: "invalid_grant", description: e.description}
	}
	status := backChannelStatus[e.code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	body := map[string]string{"error": e.code, "error_description": e.description}
	switch {
	case s.faults.on("error-200"):
		// Errors "succeed" at the HTTP level, as some API gateways do.
		setNoStore(w.Header())
		writeJSON(w, http.StatusOK, body)
	case s.faults.on("error-html"):
		// A framework's default error page instead of JSON.
		setNoStore(w.Header())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<!doctype html><title>Error</title><h1>%d</h1><p>%s</p>", status, html.EscapeString(e.code))
	case s.faults.on("error-cacheable"):
		// No Cache-Control and no Pragma on errors: only the success path
		// was thought of.
		writeJSON(w, status, body)
	case s.faults.on("description-bad-chars"):
		// The description quotes what it refers to, in a character set
		// §5.2 does not allow (a double quote, a non-ASCII character).
		setNoStore(w.Header())
		body["error_description"] = `verzoek geweigerd: "` + e.code + `" – zie de documentatie`
		writeJSON(w, status, body)
	case e.code == "invalid_client" && s.faults.on("invalid-client-400"):
		setNoStore(w.Header())
		w.Header().Set("WWW-Authenticate", `Basic realm="toets"`)
		writeJSON(w, http.StatusBadRequest, body)
	case e.code == "invalid_client" && s.faults.on("no-www-authenticate"):
		setNoStore(w.Header())
		writeJSON(w, http.StatusUnauthorized, body)
	default:
		writeBackChannelError(w, e)
	}
}

// issueTokens creates an access token and, if refreshScope is not empty, a
// refresh token. Both are opaque random strings (the access token is an RFC
// 9068 JWT in the oidc and idporten profiles, jwtaccess.go): this server
// looks them up by value either way (RFC 6749 §1.4).
func (s *Server) issueTokens(client registeredClient, username, grantID, accessScope, refreshScope string) tokenResponse {
	now := s.now()
	lifetime := accessTokenLifetime
	if s.faults.on("expires-in-over-limit") {
		lifetime = 24 * time.Hour
	}
	access := token{
		value:     s.newSecret(),
		kind:      accessToken,
		clientID:  client.ID,
		username:  username,
		scope:     accessScope,
		grantID:   grantID,
		issuedAt:  now,
		expiresAt: now.Add(lifetime),
	}
	// In the oidc and idporten profiles the value is a JWT (jwtaccess.go).
	access.value = s.accessTokenValue(access)
	s.tokens.saveToken(access)
	resp := tokenResponse{
		AccessToken: access.value,
		TokenType:   "Bearer",
		ExpiresIn:   int(lifetime / time.Second),
		Scope:       accessScope,
	}
	if refreshScope != "" {
		refresh := access
		refresh.value = s.newSecret()
		refresh.kind = refreshToken
		refresh.scope = refreshScope
		refresh.expiresAt = now.Add(refreshTokenLifetime)
		s.tokens.saveToken(refresh)
		resp.RefreshToken = refresh.value
	}
	return resp
}
