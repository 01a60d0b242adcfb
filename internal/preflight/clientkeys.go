package preflight

import (
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/toets/toets/internal/jwkcheck"
	"github.com/toets/toets/internal/oauth"
)

// clientKeys judges the key of every private_key_jwt client by the rules a
// published key must meet (internal/jwkcheck): seed 003 asks the same of
// a key a client registers ("minimaal 2048", "4096 ... aanbevolen", no HS
// algorithms). The target file holds the private key (clients[].secret,
// PEM), because toets signs the client's assertions; its public half is
// what the server has registered. It needs no network, so it runs first
// and whether or not the server answers.
func (c *checker) clientKeys() {
	for i, cl := range c.t.Clients {
		if cl.AuthMethod != "private_key_jwt" {
			continue
		}
		name := clientName(i, cl)
		problems, advice := CheckClientKey(cl.SecretValue)
		for _, p := range problems {
			c.r.problem("client_key", name, "clients[%d].secret: %s; the target file (or the key registered for the client) is at fault: give toets the client's RSA private key of at least %d bits in PEM, and register its public half with the server", i, p, jwkcheck.MinRSABits)
		}
		for _, a := range advice {
			c.r.note("%s: %s", name, a)
		}
		if len(problems) == 0 {
			c.r.passed("%s has a usable private_key_jwt key", name)
		}
	}
}

// CheckClientKey judges a private_key_jwt client's private key, given in
// PEM (PKCS #8 or PKCS #1) as the target file holds it. problems make the
// key unusable for the rules; advice are SHOULDs the key misses (seed 003:
// 4096 bits recommended). The messages never quote the key.
func CheckClientKey(pemText string) (problems, advice []string) {
	if strings.TrimSpace(pemText) == "" {
		return []string{"no key: a private_key_jwt client needs its private key as secret"}, nil
	}
	key, err := oauth.ParseRSAPrivateKey(pemText)
	if err != nil {
		return []string{fmt.Sprintf("not an RSA private key in PEM (PKCS #8 or PKCS #1): %v (toets signs RS256 client assertions, RFC 7523)", err)}, nil
	}
	if err := key.Validate(); err != nil {
		return []string{fmt.Sprintf("the RSA private key is inconsistent: %v", err)}, nil
	}
	raw, err := jose.JSONWebKey{Key: &key.PublicKey, Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	if err != nil {
		return []string{fmt.Sprintf("its public key cannot be written as a JWK: %v", err)}, nil
	}
	for _, f := range jwkcheck.CheckKey(raw) {
		if f.Check == jwkcheck.Recommended {
			advice = append(advice, "the client's key: "+f.Problem)
			continue
		}
		problems = append(problems, "the client's public key breaks the rules for keys ("+f.Check+"): "+f.Problem)
	}
	return problems, advice
}
