package refserver

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
)

// JWT access tokens (RFC 9068), in the oidc and idporten profiles: OpenID
// providers and ID-porten commonly hand out access tokens a resource server
// can read without asking back. The token is an RS256 JWT with typ at+jwt
// (§2.1) and the claims of §2.2, signed with the key of /oauth/jwks. The
// server still keeps it in its token store and looks it up by value, like
// an opaque token: revocation, expiry and introspection work the same for
// both forms, and the resource endpoint needs no second code path.

// issuesJWTAccessTokens tells whether this profile's access tokens are
// JWTs.
func (s *Server) issuesJWTAccessTokens() bool {
	return s.profile == "oidc" || s.profile == "idporten"
}

// accessTokenValue is what the client receives for access token t: its
// opaque random value, or the RFC 9068 JWT that carries its claims. The
// token handler calls it once per access token it issues.
func (s *Server) accessTokenValue(t token) string {
	if !s.issuesJWTAccessTokens() {
		return t.value
	}
	// §2.2: sub is the person, or for a grant without one (client
	// credentials) the client.
	sub := t.username
	if sub == "" {
		sub = t.clientID
	}
	claims := map[string]any{
		"iss":       s.issuer,
		"exp":       t.expiresAt.Unix(),
		"aud":       s.resourceURLs(),
		"sub":       sub,
		"client_id": t.clientID,
		"iat":       t.issuedAt.Unix(),
		"jti":       randomString(16),
		"scope":     t.scope,
	}
	if s.faults.on("jwt-at-missing-claims") {
		delete(claims, "client_id")
		delete(claims, "jti")
	}
	key := s.signingKey()
	header := map[string]string{"alg": "RS256", "typ": "at+jwt", "kid": publicJWK(&key.PublicKey).KeyID}
	if s.faults.on("jwt-at-typ-jwt") {
		// The fault: the generic JWT type, which lets an ID token pass
		// for an access token (RFC 9068 §2.1, RFC 8725 §3.11).
		header["typ"] = "JWT"
	}
	if s.faults.on("jwt-at-bad-signature") {
		key = newRSAKey(2048) // not in the JWKS
	}
	if s.faults.on("jwt-at-alg-none") {
		header = map[string]string{"alg": "none", "typ": "at+jwt"}
		key = nil
	}
	value := compactJWS(header, claims, key)
	if s.faults.on("jwt-at-hs256") {
		// The fault: a MAC under a secret the resource servers must share
		// (RFC 9068 §2.1 RECOMMENDS asymmetric cryptography).
		input := encodeSegment(map[string]string{"alg": "HS256", "typ": "at+jwt"}) + "." + encodeSegment(claims)
		mac := hmac.New(sha256.New, []byte("refserver-shared-resource-secret"))
		mac.Write([]byte(input))
		value = input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	}
	s.recordIssued(value)
	return value
}

// compactJWS encodes header and claims and signs them RS256 (RFC 7515
// §7.1, RFC 7518 §3.3) with key; a nil key leaves the signature empty, as
// alg none does.
func compactJWS(header map[string]string, claims map[string]any, key *rsa.PrivateKey) string {
	input := encodeSegment(header) + "." + encodeSegment(claims)
	if key == nil {
		return input + "."
	}
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		panic(err) // a valid RSA key does not fail to sign
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// recordIssued adds a secret the server handed out to Issued.
func (s *Server) recordIssued(value string) {
	s.issuedMu.Lock()
	s.issued = append(s.issued, value)
	s.issuedMu.Unlock()
}
