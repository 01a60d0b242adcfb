package steps

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"time"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/target"
)

// private_key_jwt client authentication (RFC 7523 §2.2, §3; OIDC Core §9).
// The target file declares such a client with auth_method private_key_jwt
// and its private key (PEM) as the secret.

func registerTokenJWT(sc *godog.ScenarioContext) {
	sc.Step(`^the private_key_jwt client redeems an authorization code that the server never issued$`, jwtClientRedeemsUnknownCode)
	sc.Step(`^the private_key_jwt client sends a token request with an assertion (for another audience|that has expired|that was used before|with alg none|signed with HS256 keyed with its public key|signed by a key not registered for it)$`, sendBadAssertion)
}

// jwtClient finds the first private_key_jwt client of the target file.
func jwtClient(w *World) (target.ResolvedClient, *rsa.PrivateKey, error) {
	for _, c := range w.env.Target.Clients {
		if c.AuthMethod != "private_key_jwt" {
			continue
		}
		key, err := oauth.ParseRSAPrivateKey(c.SecretValue)
		if err != nil {
			return c, nil, outcome.Harness("the secret of client %s is not an RSA private key in PEM: %v", c.ClientID, err)
		}
		return c, key, nil
	}
	return target.ResolvedClient{}, nil, outcome.NotApplicable("the target file declares no client with auth_method private_key_jwt")
}

func jwtClientRedeemsUnknownCode(ctx context.Context) error {
	w := WorldFrom(ctx)
	c, _, err := jwtClient(w)
	if err != nil {
		return err
	}
	w.client = c
	return postToken(ctx, codeForm(w, "toets-never-issued-"+oauth.Random(16)))
}

// sendBadAssertion redeems a code the server never issued with an
// assertion that has one defect. A server that overlooks the defect
// answers invalid_grant (the client got through); one that sees it,
// invalid_client.
func sendBadAssertion(ctx context.Context, defect string) error {
	w := WorldFrom(ctx)
	c, key, err := jwtClient(w)
	if err != nil {
		return err
	}
	w.client = c
	endpoint := w.env.Target.Endpoints.Token
	a := oauth.Assertion{ClientID: c.ClientID, Audience: endpoint, Key: key}
	switch defect {
	case "for another audience":
		a.Audience = "https://another-server.toets.invalid/token"
	case "that has expired":
		a.Expiry = time.Now().Add(-2 * time.Minute)
	case "with alg none":
		a.Alg = "none"
	case "signed with HS256 keyed with its public key":
		a.Alg, a.HMACKey = "HS256", oauth.PublicKeyPEM(&key.PublicKey)
	case "signed by a key not registered for it":
		if a.Key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return outcome.Harness("making a key: %v", err)
		}
	}
	assertion, err := a.Sign()
	if err != nil {
		return outcome.Harness("signing the assertion: %v", err)
	}
	w.secret("assertion", assertion)
	send := func() error {
		form := codeForm(w, "toets-never-issued-"+oauth.Random(16))
		form.Set("client_assertion_type", oauth.JWTBearerType)
		form.Set("client_assertion", assertion)
		req, err := oauth.TokenRequest(endpoint, oauth.Credentials{ClientID: c.ClientID, Method: "none"}, form)
		if err != nil {
			return outcome.Harness("building the token request: %v", err)
		}
		return sendTokenRequest(ctx, req)
	}
	if defect == "that was used before" {
		// The first use must get through client authentication, or the
		// second proves nothing.
		if err := send(); err != nil {
			return err
		}
		if w.lastToken == nil || w.lastToken.Error != "invalid_grant" {
			return outcome.Harness("the first use of a valid assertion was not accepted (HTTP %d %s); see the rule token-private-key-jwt", w.last.Status, bodySnippet(w.last.Body))
		}
	}
	return send()
}
