package refserver

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net/http"
	"time"
)

// jwk is a public RSA key as a JSON Web Key (RFC 7517 §4, RFC 7518 §6.3.1).
// It has no private members: the private key never leaves the server.
// (PrivateExponent exists for the fault private-jwk-published only.)
type jwk struct {
	KeyType         string `json:"kty"`
	Use             string `json:"use"`
	Algorithm       string `json:"alg"`
	KeyID           string `json:"kid"`
	Modulus         string `json:"n"`
	Exponent        string `json:"e"`
	PrivateExponent string `json:"d,omitempty"`
	// Certificates is x5c (RFC 7517 §4.7): standard base64 DER, the leaf
	// first, certifying this very key.
	Certificates []string `json:"x5c,omitempty"`
}

// handleJWKS publishes the server's public signing key (RFC 7517 §5), with
// which ID tokens (oidc) and JWT access tokens (oidc, idporten) are signed.
// The key never changes while the process runs (signingkey.go), so clients
// may cache it for an hour.
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	signing := s.signingKey()
	key := publicJWK(&signing.PublicKey)
	certified := signing
	if s.faults.on("x5c-other-key") {
		certified = newRSAKey(2048)
	}
	notBefore := time.Now().Add(-time.Hour)
	if s.faults.on("x5c-expired") {
		notBefore = time.Now().Add(-2 * 365 * 24 * time.Hour)
	}
	key.Certificates = []string{selfSignedCertificate(certified, notBefore)}
	if s.faults.on("private-jwk-published") {
		key.PrivateExponent = base64.RawURLEncoding.EncodeToString(signing.D.Bytes())
	}
	if s.faults.on("hs256-jwks") {
		key.Algorithm = "HS256"
	}
	keys := []jwk{key}
	// RFC 7518 §3.3: RSA keys of 2048 bits or more. The faults below add
	// keys a careless rotation might publish.
	if s.faults.on("rsa-1024") {
		keys = append(keys, extraKey(1024, ""))
	}
	if s.faults.on("duplicate-kid") {
		keys = append(keys, extraKey(2048, key.KeyID))
	}
	if !s.faults.on("jwks-no-cache") {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	writeTypedJSON(w, http.StatusOK, "application/jwk-set+json", map[string][]jwk{"keys": keys})
}

// publicJWK writes an RSA public key as a JWK with its thumbprint as kid.
func publicJWK(pub *rsa.PublicKey) jwk {
	n := base64.RawURLEncoding.EncodeToString(pub.N.Bytes())
	e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
	return jwk{KeyType: "RSA", Use: "sig", Algorithm: "RS256", KeyID: rsaThumbprint(n, e), Modulus: n, Exponent: e}
}

// extraKey makes a fresh RSA key for a fault, with kid when it is not empty.
func extraKey(bits int, kid string) jwk {
	k := publicJWK(&newRSAKey(bits).PublicKey)
	if kid != "" {
		k.KeyID = kid
	}
	return k
}

// rsaThumbprint is the JWK thumbprint of RFC 7638 §3: SHA-256 over the
// required members in lexicographic order, without whitespace. As key id it
// is stable and anyone holding the key can compute it.
func rsaThumbprint(n, e string) string {
	sum := sha256.Sum256([]byte(`{"e":"` + e + `","kty":"RSA","n":"` + n + `"}`))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func newRSAKey(bits int) *rsa.PrivateKey {
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err) // crypto/rand does not fail; a server without keys cannot run
	}
	return priv
}

// selfSignedCertificate certifies key with itself, valid from notBefore
// for a year. The validity is by the wall clock, not the server's test
// clock: a relying party judges a certificate by its own time.
func selfSignedCertificate(key *rsa.PrivateKey, notBefore time.Time) string {
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: providerName + " token signing"},
		NotBefore:    notBefore,
		NotAfter:     notBefore.Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}
