package refserver

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// ID tokens (oidc profile). When the authorization request asked for the
// openid scope, the code exchange also returns an ID token (OIDC Core
// §3.1.3.3): a JWT signed RS256 with the key published at /oauth/jwks,
// saying who logged in (sub), at which server (iss), for which client
// (aud), when (iat, exp), for which request (nonce, §3.1.2.1) and with
// which access token (at_hash, §3.1.3.6). Only the standard library signs
// it: RS256 is RSASSA-PKCS1-v1_5 over SHA-256 (RFC 7518 §3.3).

// idTokenLifetime is short: the client checks the token once, at login.
const idTokenLifetime = 5 * time.Minute

// idToken is the ID token of a code exchange, or "" when none is due.
func (s *Server) idToken(client registeredClient, code authorizationCode, accessToken string) string {
	if s.profile != "oidc" || !slices.Contains(strings.Fields(code.scope), "openid") {
		return ""
	}
	now := s.now()
	claims := map[string]any{
		"iss":     s.issuer,
		"sub":     code.username,
		"aud":     client.ID,
		"iat":     now.Unix(),
		"exp":     now.Add(idTokenLifetime).Unix(),
		"at_hash": atHash(accessToken),
	}
	if code.nonce != "" && !s.faults.on("idtoken-nonce-dropped") {
		claims["nonce"] = code.nonce
	}
	if s.faults.on("idtoken-wrong-iss") {
		claims["iss"] = s.issuer + "/"
	}
	if s.faults.on("idtoken-wrong-aud") {
		claims["aud"] = "pgo-other.toets.invalid"
	}
	if s.faults.on("idtoken-expired") {
		claims["exp"] = now.Add(-10 * time.Minute).Unix()
	}
	if s.faults.on("idtoken-at-hash-wrong") {
		claims["at_hash"] = atHash(accessToken + "x")
	}
	key := s.signingKey()
	if s.faults.on("idtoken-signature-wrong") {
		// A key that is not in the JWKS.
		key = newRSAKey(2048)
	}
	header := map[string]string{"alg": "RS256", "typ": "JWT", "kid": publicJWK(&s.signingKey().PublicKey).KeyID}
	if s.faults.on("idtoken-alg-none") {
		header = map[string]string{"alg": "none", "typ": "JWT"}
		key = nil
	}
	value := compactJWS(header, claims, key)
	s.recordIssued(value)
	return value
}

// atHash is the left half of the SHA-256 of the access token, base64url
// (OIDC Core §3.1.3.6, for RS256).
func atHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

func encodeSegment(v any) string {
	b, _ := json.Marshal(v) // maps of strings and numbers always marshal
	return base64.RawURLEncoding.EncodeToString(b)
}
