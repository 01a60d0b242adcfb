package refserver

import (
	"net/http"
	"net/url"
	"time"
)

// tokenParams are the parameters the token endpoint reads (RFC 6749
// §2.3.1, §4.1.3, §4.4.2, §6; RFC 7636 §4.5). It ignores all others.
var tokenParams = []string{
	"grant_type", "code", "redirect_uri", "code_verifier", "refresh_token",
	"scope", "client_id", "client_secret",
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
	Scope        string `json:"scope"`
}

// handleToken is the token endpoint (RFC 6749 §3.2). Every answer, good or
// bad, is JSON that must not be cached.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		refuseMethod(w)
		return
	}
	resp, err := s.token(w, r)
	if err != nil {
		writeBackChannelError(w, err)
		return
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
	form, err := readForm(w, r)
	if err != nil {
		return tokenResponse{}, errorf("invalid_request", "%s", err)
	}
	if name, repeated := repeatedParam(form, tokenParams...); repeated {
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
		return tokenResponse{}, errorf("unsupported_grant_type", "grant_type %s is not supported", grantType)
	}
	if !client.mayUse(grantType) {
		return tokenResponse{}, errorf("unauthorized_client", "this client may not use grant_type %s", grantType)
	}
	return grant(s, client, form)
}

// issueTokens creates an access token and, if refreshScope is not empty, a
// refresh token. Both are opaque random strings: only this server has to
// understand them, and it looks them up (RFC 6749 §1.4).
func (s *Server) issueTokens(client registeredClient, username, grantID, accessScope, refreshScope string) tokenResponse {
	now := s.now()
	access := token{
		value:     s.newSecret(),
		kind:      accessToken,
		clientID:  client.ID,
		username:  username,
		scope:     accessScope,
		grantID:   grantID,
		issuedAt:  now,
		expiresAt: now.Add(accessTokenLifetime),
	}
	s.tokens.saveToken(access)
	resp := tokenResponse{
		AccessToken: access.value,
		TokenType:   "Bearer",
		ExpiresIn:   int(accessTokenLifetime / time.Second),
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
