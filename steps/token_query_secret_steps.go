package steps

import (
	"context"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

func registerTokenQuerySecret(sc *godog.ScenarioContext) {
	sc.Step(`^the (primary|second) client redeems an authorization code that the server never issued, with a wrong client_secret in the request URI$`, redeemWithSecretInQuery)
}

// redeemWithSecretInQuery sends the client's usual, correctly
// authenticated token request, with one addition: client_secret=<a random
// wrong value> in the query string. The real secret never goes into a
// URL, where access logs and proxies would keep it; a server that refuses
// credentials in the URL refuses the wrong one just the same (RFC 6749
// §2.3.1: the parameters "MUST NOT be included in the request URI").
func redeemWithSecretInQuery(ctx context.Context, role string) error {
	w := WorldFrom(ctx)
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	w.client = c
	req, err := oauth.TokenRequest(w.env.Target.Endpoints.Token, credentials(c), codeForm(w, "toets-never-issued-"+oauth.Random(16)))
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	decoy := "toets-wrong-secret-" + oauth.Random(16)
	// Not a real secret, but shaped like one: it is redacted like one.
	w.secret("client_secret", decoy)
	q := req.URL.Query()
	q.Set("client_secret", decoy)
	req.URL.RawQuery = q.Encode()
	return sendTokenRequest(ctx, req)
}
