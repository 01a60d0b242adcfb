package refserver

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"
)

// private_key_jwt client authentication (RFC 7521 §4.2, RFC 7523 §2.2 and
// §3, OIDC Core §9): the client proves itself with a JWT it signed with its
// own private key; the server holds only the public key.

const jwtBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// assertionClaims are the claims RFC 7523 §3 requires.
type assertionClaims struct {
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Aud audience `json:"aud"`
	Exp *float64 `json:"exp"`
	Jti string   `json:"jti"`
}

// audience is a JWT aud: one string or an array (RFC 7519 §4.1.3).
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud is neither a string nor an array of strings")
	}
	*a = many
	return nil
}

// authenticateAssertion checks a client assertion. Every failure is
// invalid_client, with a description that names the check.
func (s *Server) authenticateAssertion(form url.Values) (registeredClient, *oauthError) {
	refuse := func(why string) (registeredClient, *oauthError) {
		return registeredClient{}, errorf("invalid_client", "client assertion %s", why)
	}
	if form.Get("client_assertion_type") != jwtBearerType {
		return refuse("type is not " + jwtBearerType)
	}
	parts := strings.Split(form.Get("client_assertion"), ".")
	if len(parts) != 3 {
		return refuse("is not a JWS in compact serialization")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	var claims assertionClaims
	if decodeSegment(parts[0], &header) != nil || decodeSegment(parts[1], &claims) != nil {
		return refuse("header or claims are not base64url JSON")
	}
	// §3: iss and sub are both the client_id.
	client, known := s.clients.client(claims.Sub)
	if !known || claims.Iss != claims.Sub || client.publicKey == nil {
		return refuse("does not name a client registered for private_key_jwt")
	}
	if id := form.Get("client_id"); id != "" && id != client.ID {
		return refuse("names another client than client_id")
	}
	signature, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return refuse("signature is not base64url")
	}
	if !s.faults.on("jwt-signature-unchecked") {
		if err := s.verifyAssertion(header.Alg, client.publicKey, parts[0]+"."+parts[1], signature); err != nil {
			return refuse(err.Error())
		}
	}
	// §3: aud identifies the authorization server; the token endpoint URL
	// and the issuer are both accepted (OIDC Core §9 names the former).
	// (The metadata's token_endpoint is on the back channel in the
	// medmij profile, mtls.go; both URLs serve it.)
	tokenEndpoint := s.issuer + "/oauth/token"
	if !(containsString(claims.Aud, tokenEndpoint) || containsString(claims.Aud, s.tokenEndpoint()) || containsString(claims.Aud, s.issuer)) && !s.faults.on("jwt-aud-unchecked") {
		return refuse("aud does not name this server")
	}
	now := s.now()
	if claims.Exp == nil {
		return refuse("has no exp")
	}
	expiry := time.Unix(int64(*claims.Exp), 0)
	if !now.Before(expiry) && !s.faults.on("jwt-exp-unchecked") {
		return refuse("has expired")
	}
	// §3: the server may keep used jti values to refuse a replay; with
	// private_key_jwt it should (RFC 9700 §2.5 recommends one-time use).
	if claims.Jti == "" {
		return refuse("has no jti")
	}
	if !s.usedAssertions.first(client.ID+" "+claims.Jti, expiry, now) && !s.faults.on("jwt-replay-accepted") {
		return refuse("was used before (jti replayed)")
	}
	return client, nil
}

// verifyAssertion checks the signature. Only RS256 is accepted: the
// algorithm is the server's choice, not the token's (RFC 8725 §3.1).
func (s *Server) verifyAssertion(alg string, key *rsa.PublicKey, signed string, signature []byte) error {
	trustHeader := s.faults.on("jwt-alg-trusted")
	switch {
	case alg == "RS256" && !s.faults.on("jwt-rs256-refused"):
		sum := sha256.Sum256([]byte(signed))
		if rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], signature) != nil {
			return errors.New("signature does not verify with the registered key")
		}
		return nil
	case trustHeader && alg == "none":
		// The fault: an unsecured JWT (RFC 7519 §6) is taken as valid.
		return nil
	case trustHeader && alg == "HS256":
		// The fault: the classic key confusion, the public key used as an
		// HMAC secret because the header says HS256.
		mac := hmac.New(sha256.New, publicKeyPEM(key))
		mac.Write([]byte(signed))
		if !hmac.Equal(mac.Sum(nil), signature) {
			return errors.New("signature does not verify")
		}
		return nil
	}
	return errors.New("alg must be RS256")
}

func decodeSegment(segment string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(segment)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func publicKeyPEM(key *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		panic("refserver: " + err.Error())
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// usedJTIs is the replay memory of client assertions. Entries are dropped
// once their assertion has expired: it would be refused anyway.
type usedJTIs struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

// first records an assertion id and reports whether it is new.
func (u *usedJTIs) first(id string, expiry, now time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.seen == nil {
		u.seen = map[string]time.Time{}
	}
	for k, exp := range u.seen {
		if now.After(exp) {
			delete(u.seen, k)
		}
	}
	if _, used := u.seen[id]; used {
		return false
	}
	u.seen[id] = expiry
	return true
}

// newClientKey makes the key pair of the private_key_jwt client and
// records the private key among the issued secrets.
func (s *Server) newClientKey() (*rsa.PrivateKey, string) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("refserver: client key: " + err.Error())
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic("refserver: client key: " + err.Error())
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	s.issuedMu.Lock()
	s.issued = append(s.issued, keyPEM)
	s.issuedMu.Unlock()
	return key, keyPEM
}
