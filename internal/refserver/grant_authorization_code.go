package refserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"regexp"
)

// verifierPattern is the form of a PKCE code verifier: 43 to 128
// unreserved characters (RFC 7636 §4.1).
var verifierPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// grantAuthorizationCode exchanges an authorization code for tokens (RFC
// 6749 §4.1.3).
func (s *Server) grantAuthorizationCode(client registeredClient, form url.Values) (tokenResponse, *oauthError) {
	value, redirectURI := form.Get("code"), form.Get("redirect_uri")
	if value == "" {
		return tokenResponse{}, errorf("invalid_request", "code is missing")
	}
	// §4.1.3 requires redirect_uri when the authorization request had one,
	// and MedMij's always has (core.tknint.205).
	if redirectURI == "" {
		c, known := s.codes.code(value)
		if !known || !s.faults.on("token-redirect-uri-optional") {
			return tokenResponse{}, errorf("invalid_request", "redirect_uri is missing")
		}
		// The bug: a missing redirect_uri is taken to be the one of the
		// authorization request.
		redirectURI = c.redirectURI
	}
	code, err := s.redeemCode(client, value, redirectURI, form.Get("code_verifier"))
	if err != nil {
		// RFC0015: the token interface answers with §5.2 codes only, so
		// never access_denied, which belongs to the authorization interface.
		if s.faults.on("token-access-denied") {
			err = &oauthError{code: "access_denied"}
		}
		return tokenResponse{}, err
	}
	// RFC0015: the availability check (beschikbaarheidstoets) belongs to
	// the authorization interface (done at consent) and the resource
	// interface (the late variant), never here: a person who passed the
	// authorization interface gets a token.
	if _, hasRecord := s.records.record(code.username); !hasRecord && s.faults.on("availability-check-at-token") {
		return tokenResponse{}, errorf("invalid_grant", "no data available for this person")
	}
	// RFC 8707 §2 (acm profile): the resources the tokens are meant for.
	audience, aerr := s.requestedAudience(form)
	if aerr != nil {
		return tokenResponse{}, aerr
	}
	// MedMij long-lived consent (RFC0054) comes with a refresh token.
	refreshScope := code.scope
	if s.faults.on("no-refresh-token") {
		refreshScope = ""
	}
	resp := s.issueTokens(client, code.username, code.grantID, code.scope, refreshScope)
	s.restrictAudience(resp, audience)
	resp.IDToken = s.idToken(client, code, resp.AccessToken)
	return resp, nil
}

// redeemCode checks a code and uses it up. Every failure is invalid_grant
// (§5.2: "The provided authorization grant ... is invalid, expired,
// revoked, does not match the redirection URI used in the authorization
// request, or was issued to another client").
func (s *Server) redeemCode(client registeredClient, value, redirectURI, verifier string) (authorizationCode, *oauthError) {
	code, ok := s.codes.code(value)
	if !ok {
		return authorizationCode{}, errorf("invalid_grant", "unknown authorization code")
	}
	// Checked before the code is used up: another client presenting it
	// (by mistake or because it stole it) must not spoil it for its owner.
	if code.clientID != client.ID && !s.faults.on("code-other-client-accepted") {
		return authorizationCode{}, errorf("invalid_grant", "authorization code was issued to another client")
	}
	// From here on, the owner's first attempt uses the code up, whatever
	// its outcome.
	if !s.codes.markCodeUsed(value) && !s.faults.on("code-reusable") {
		// §4.1.2: a code used twice has leaked. Deny, and revoke what was
		// issued from it, because the first redeemer may have been the
		// attacker.
		if !s.faults.on("code-reuse-no-revoke") {
			s.tokens.revokeGrant(code.grantID)
		}
		return authorizationCode{}, errorf("invalid_grant", "authorization code was already used")
	}
	if !s.now().Before(code.expiresAt) && !s.faults.on("code-never-expires") {
		return authorizationCode{}, errorf("invalid_grant", "authorization code expired")
	}
	// §4.1.3: "ensure that the redirect_uri parameter is present ... and
	// that their values are identical."
	if redirectURI != code.redirectURI && !s.faults.on("redirect-uri-unchecked") {
		return authorizationCode{}, errorf("invalid_grant", "redirect_uri differs from the authorization request")
	}
	if err := checkVerifier(code.codeChallenge, verifier); err != nil && !s.faults.on("pkce-unchecked") {
		return authorizationCode{}, err
	}
	return code, nil
}

// checkVerifier checks the PKCE code verifier against the challenge of the
// authorization request (RFC 7636 §4.6).
func checkVerifier(challenge, verifier string) *oauthError {
	switch {
	case challenge == "" && verifier == "":
		return nil
	case challenge == "":
		// RFC 9700 §4.8.2: a verifier for a code issued without a
		// challenge is refused, or an attacker could strip the challenge
		// from the victim's request (a PKCE downgrade).
		return errorf("invalid_grant", "code_verifier sent but the authorization request had no code_challenge")
	case verifier == "":
		return errorf("invalid_grant", "code_verifier is missing")
	case !verifierPattern.MatchString(verifier):
		return errorf("invalid_grant", "code_verifier is not 43 to 128 unreserved characters")
	}
	sum := sha256.Sum256([]byte(verifier))
	computed := base64.RawURLEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(computed), []byte(challenge)) != 1 {
		return errorf("invalid_grant", "code_verifier does not match code_challenge")
	}
	return nil
}
