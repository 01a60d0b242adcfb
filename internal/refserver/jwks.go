package refserver

import (
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"net/http"
)

// jwk is a public RSA key as a JSON Web Key (RFC 7517 §4, RFC 7518 §6.3.1).
// It has no private members: the private key never leaves the server.
type jwk struct {
	KeyType   string `json:"kty"`
	Use       string `json:"use"`
	Algorithm string `json:"alg"`
	KeyID     string `json:"kid"`
	Modulus   string `json:"n"`
	Exponent  string `json:"e"`
}

// handleJWKS publishes the server's public signing key (RFC 7517 §5). The
// tokens are opaque, so nothing is signed with it yet; it is there for the
// harness's rules on published keys. The key is made at Start and never
// changes, so clients may cache it for an hour.
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	pub := s.signingKey.PublicKey
	n := base64.RawURLEncoding.EncodeToString(pub.N.Bytes())
	e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeTypedJSON(w, http.StatusOK, "application/jwk-set+json", map[string][]jwk{
		"keys": {{
			KeyType:   "RSA",
			Use:       "sig",
			Algorithm: "RS256",
			KeyID:     rsaThumbprint(n, e),
			Modulus:   n,
			Exponent:  e,
		}},
	})
}

// rsaThumbprint is the JWK thumbprint of RFC 7638 §3: SHA-256 over the
// required members in lexicographic order, without whitespace. As key id it
// is stable and anyone holding the key can compute it.
func rsaThumbprint(n, e string) string {
	sum := sha256.Sum256([]byte(`{"e":"` + e + `","kty":"RSA","n":"` + n + `"}`))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
