package oauth

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// JWTBearerType is the client_assertion_type of a JWT client assertion
// (RFC 7523 §2.2).
const JWTBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// Assertion describes a private_key_jwt client assertion (RFC 7523 §3,
// OIDC Core §9). The zero values of the optional fields give a valid one.
type Assertion struct {
	ClientID string
	// Audience is the token endpoint URL (OIDC Core §9: aud SHOULD be it).
	Audience string
	Key      *rsa.PrivateKey
	// Alg is RS256 (the default), HS256 (keyed with HMACKey) or none.
	Alg     string
	HMACKey []byte
	// Expiry is when it expires; the default is in one minute.
	Expiry time.Time
	// ID is the jti; the default is random.
	ID string
}

// Sign returns the assertion in JWS compact serialization.
func (a Assertion) Sign() (string, error) {
	now := time.Now()
	exp := a.Expiry
	if exp.IsZero() {
		exp = now.Add(time.Minute)
	}
	id := a.ID
	if id == "" {
		id = Random(16)
	}
	claims := jwt.Claims{
		Issuer: a.ClientID, Subject: a.ClientID, Audience: jwt.Audience{a.Audience},
		ID: id, IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(exp),
	}
	var key jose.SigningKey
	switch a.Alg {
	case "", "RS256":
		key = jose.SigningKey{Algorithm: jose.RS256, Key: a.Key}
	case "HS256":
		key = jose.SigningKey{Algorithm: jose.HS256, Key: a.HMACKey}
	case "none":
		// go-jose does not make unsecured JWTs (RFC 7515 Appendix A.5);
		// they are assembled by hand, to see that a server refuses them.
		header, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
		body, err := json.Marshal(claims)
		if err != nil {
			return "", err
		}
		return b64(header) + "." + b64(body) + ".", nil
	default:
		return "", fmt.Errorf("assertion alg %q is not one toets makes", a.Alg)
	}
	signer, err := jose.NewSigner(key, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	return jwt.Signed(signer).Claims(claims).Serialize()
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// ParseRSAPrivateKey reads an RSA private key from PEM (PKCS #8 or PKCS #1).
func ParseRSAPrivateKey(pemText string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not an RSA private key: %v", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("a %T, not an RSA private key", k)
	}
	return rk, nil
}

// PublicKeyPEM is the PKIX PEM of a public key: what a key-confusion attack
// uses as an HMAC secret.
func PublicKeyPEM(k *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		panic(err) // an RSA public key always marshals
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}
