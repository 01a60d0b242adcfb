// Package jwtat reads and checks JWT access tokens against the JWT Profile
// for OAuth 2.0 Access Tokens (RFC 9068): the typ header (§2.1), a
// public-key signature by a key of the issuer's JWK Set (§2.1, §4), and the
// claims every such token carries (§2.2). An access token may as well be
// opaque (RFC 6749 §1.4): IsJWT tells the two apart, and only a JWT is
// judged. Header and claims are read from the raw token by this package, so
// that a badly formed or unsigned token is still reported with what it
// says; the signature is verified by internal/idtoken (go-jose). It is
// written from the RFC alone; the reference server has its own code.
package jwtat

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/toets/toets/internal/idtoken"
)

// Header is the JOSE header (RFC 7515 §4.1).
type Header struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// Token is a parsed, not yet verified, JWT access token.
type Token struct {
	Raw    string
	Header Header
	// Claims are the members of the claims set, unread: the checks ask
	// for each claim's presence and JSON type.
	Claims map[string]json.RawMessage
}

// IsJWT tells whether an access token is a JWT rather than an opaque
// string: three dot-separated parts, of which the first is a base64url
// JSON object with an alg member (RFC 7515 §7.1, §4.1.1). An opaque token
// that happens to hold two dots does not decode to such a header.
func IsJWT(raw string) bool {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return false
	}
	var h map[string]json.RawMessage
	if json.Unmarshal(b, &h) != nil {
		return false
	}
	_, ok := h["alg"]
	return ok
}

// Parse reads a compact JWS with a JSON header and a JSON object as claims
// set (RFC 7519 §7.2). It verifies nothing.
func Parse(raw string) (*Token, error) {
	t := &Token{Raw: raw}
	if err := idtoken.DecodeJWS(raw, "a JWT access token", &t.Header, &t.Claims); err != nil {
		return nil, err
	}
	if t.Claims == nil {
		return nil, errors.New("the claims set is JSON null, not an object")
	}
	return t, nil
}

// CheckTyp: §2.1 "Resource servers MUST verify that the typ header value is
// at+jwt or application/at+jwt". Media types compare without regard to
// case (RFC 7515 §4.1.9 and RFC 2045).
func (t *Token) CheckTyp() error {
	switch strings.ToLower(t.Header.Typ) {
	case "at+jwt", "application/at+jwt":
		return nil
	case "":
		return errors.New("the header has no typ")
	}
	return fmt.Errorf("typ %q", t.Header.Typ)
}

// Verify checks the signature against the issuer's JWK Set document (§4:
// "using the keys ... published at the jwks_uri").
func (t *Token) Verify(jwks []byte) error {
	return idtoken.VerifyJWS(t.Raw, t.Header.Kid, jwks)
}

// claimKinds are the claims §2.2 makes REQUIRED, with their JSON form:
// strings, NumericDates (RFC 7519 §2), and aud, a string or an array of
// strings (RFC 7519 §4.1.3).
var claimKinds = []struct{ name, kind string }{
	{"iss", "string"}, {"exp", "number"}, {"aud", "audience"}, {"sub", "string"},
	{"client_id", "string"}, {"iat", "number"}, {"jti", "string"},
}

// CheckClaims lists what is wrong with the claims of §2.2: a required claim
// missing or of the wrong JSON type, or an iss other than issuer (§4:
// "MUST exactly match"). Nothing wrong gives nil.
func (t *Token) CheckClaims(issuer string) []string {
	var problems []string
	for _, c := range claimKinds {
		raw, ok := t.Claims[c.name]
		if !ok {
			problems = append(problems, c.name+" is missing")
			continue
		}
		if !hasKind(raw, c.kind) {
			problems = append(problems, fmt.Sprintf("%s is not %s: %s", c.name, kindNames[c.kind], raw))
		}
	}
	var iss string
	if json.Unmarshal(t.Claims["iss"], &iss) == nil && iss != "" && iss != issuer {
		problems = append(problems, fmt.Sprintf("iss %q is not the issuer %q", iss, issuer))
	}
	return problems
}

var kindNames = map[string]string{
	"string":   "a non-empty string",
	"number":   "a NumericDate (a JSON number)",
	"audience": "a string or a non-empty array of strings",
}

func hasKind(raw json.RawMessage, kind string) bool {
	switch kind {
	case "string":
		var s string
		return json.Unmarshal(raw, &s) == nil && s != ""
	case "number":
		var n float64
		return json.Unmarshal(raw, &n) == nil
	case "audience":
		var one string
		if json.Unmarshal(raw, &one) == nil {
			return one != ""
		}
		var many []string
		return json.Unmarshal(raw, &many) == nil && len(many) > 0
	}
	return false
}
