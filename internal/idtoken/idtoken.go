// Package idtoken reads and checks OpenID Connect ID tokens (OIDC Core §2,
// §3.1.3.7) as a client must before it believes one: the signature against
// the server's published keys and at_hash; the verdicts on alg and the
// times are internal/checks/idtoken's. Header and claims are read
// from the raw JWT by this package, so that an unsigned or badly signed
// token can still be reported with what it says; go-jose verifies the
// signature. It is written from the specifications alone; the reference
// server has its own.
package idtoken

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// Header is the JOSE header of the token (RFC 7515 §4).
type Header struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// Claims are the ID token claims the checks read (OIDC Core §2).
type Claims struct {
	Iss    string   `json:"iss"`
	Sub    string   `json:"sub"`
	Aud    Audience `json:"aud"`
	Exp    *int64   `json:"exp"`
	Iat    *int64   `json:"iat"`
	Nonce  string   `json:"nonce"`
	AtHash string   `json:"at_hash"`
	Azp    string   `json:"azp"`
}

// Audience is aud: one string or an array of strings (OIDC Core §2).
type Audience []string

// UnmarshalJSON accepts both forms.
func (a *Audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = Audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud is neither a string nor an array of strings")
	}
	*a = many
	return nil
}

// Token is a parsed, not yet verified, ID token.
type Token struct {
	Raw    string
	Header Header
	Claims Claims
}

// Parse reads a compact JWS (RFC 7515 §7.1): three base64url segments,
// header and claims JSON objects. It verifies nothing.
func Parse(raw string) (*Token, error) {
	t := &Token{Raw: raw}
	if err := DecodeJWS(raw, "an ID token", &t.Header, &t.Claims); err != nil {
		return nil, err
	}
	return t, nil
}

// DecodeJWS decodes the header and the payload of a compact JWS (RFC 7515
// §7.1: three base64url segments) as JSON into header and payload. It
// verifies nothing; what names the token in errors ("an ID token").
func DecodeJWS(raw, what string, header, payload any) error {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return fmt.Errorf("%s is a compact JWS of three dot-separated parts; this has %d", what, len(parts))
	}
	for i, into := range []any{header, payload} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return fmt.Errorf("part %d is not base64url without padding: %v", i+1, err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			return fmt.Errorf("part %d is not the expected JSON object: %v", i+1, err)
		}
	}
	return nil
}

// asymmetric are the algorithms an ID token may be signed with here: public
// key signatures (RFC 7518 §3.1). none is an unsigned token, and an HS*
// token is keyed with the client secret or, worse, with a public key the
// verifier trusts as a secret (RFC 8725 §2.1, §3.1).
var asymmetric = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512, jose.EdDSA,
}

// Verify checks the signature against a JWK Set document (RFC 7517 §5):
// against the key named by kid, or every key when the header names none.
func (t *Token) Verify(jwks []byte) error { return VerifyJWS(t.Raw, t.Header.Kid, jwks) }

// VerifyJWS checks the signature of a compact JWS (RFC 7515 §7.1) signed
// with a public-key algorithm against a JWK Set document: against the key
// named kid, or every key when kid is empty. ID tokens and JWT access
// tokens (internal/jwtat) are verified alike.
func VerifyJWS(raw, kid string, jwks []byte) error {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(jwks, &set); err != nil {
		return fmt.Errorf("the JWKS is not a JWK Set: %v", err)
	}
	jws, err := jose.ParseSigned(raw, asymmetric)
	if err != nil {
		return fmt.Errorf("not a JWS with a public-key signature: %v", err)
	}
	keys := set.Keys
	if kid != "" {
		keys = set.Key(kid)
		if len(keys) == 0 {
			return fmt.Errorf("the JWKS has no key with kid %q", kid)
		}
	}
	for _, k := range keys {
		if _, err := jws.Verify(k.Key); err == nil {
			return nil
		}
	}
	return fmt.Errorf("the signature verifies with none of the %d key(s) of the JWKS", len(keys))
}

// AtHash computes at_hash for an access token: the left half of its hash
// with the hash of the token's alg, base64url (OIDC Core §3.1.3.6).
func AtHash(alg, accessToken string) (string, error) {
	var h hash.Hash
	switch {
	case strings.HasSuffix(alg, "256"):
		h = sha256.New()
	case strings.HasSuffix(alg, "384"):
		h = sha512.New384()
	case strings.HasSuffix(alg, "512"), alg == "EdDSA":
		h = sha512.New()
	default:
		return "", fmt.Errorf("no hash is defined for alg %q", alg)
	}
	h.Write([]byte(accessToken))
	sum := h.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]), nil
}
