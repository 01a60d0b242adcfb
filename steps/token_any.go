package steps

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/outcome"
)

// Rules that need a valid access token, but not a particular one
// (introspection, revocation, the resource's refusals), take the cheapest
// the target offers: the second client's token for itself where the
// target offers it the client_credentials grant, else the primary client's
// from the code flow with the user with data. So a server without
// client_credentials is judged too, instead of every such rule ending in
// an error.
func registerAnyToken(sc *godog.ScenarioContext) {
	sc.Step(`^a client has obtained a valid access token$`, obtainAnyAccessToken)
	sc.Step(`^a client has obtained an access token and revoked it$`, obtainAnyAndRevoke)
	sc.Step(`^a client has obtained an access token that has since expired$`, obtainAnyAndExpire)
}

func obtainAnyAccessToken(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.clientCredentialsOffered() {
		if err := obtainClientCredentialsToken(ctx); err == nil {
			return nil
		}
		// The second client was refused: the code flow still gives a
		// token, and the refusal is the client_credentials rules' to judge.
		w.Note("the second client got no client_credentials token; the access token comes from the code flow instead")
	}
	if err := hasAuthorized(ctx, "with data", "primary"); err != nil {
		return err
	}
	if err := redeemCode(ctx); err != nil {
		return err
	}
	require.NotNilf(T(ctx), w.tokens, "precondition: redeeming the authorization code must give an access token (RFC 6749 §5.1); received %s", answerOf(w))
	return nil
}

// clientCredentialsOffered: the target has a second client, offers the
// grant, and the file does not keep that client from it.
func (w *World) clientCredentialsOffered() bool {
	if len(w.env.Target.Clients) < 2 || requireGrantType(w, "client_credentials") != nil {
		return false
	}
	gt := w.env.Target.Clients[1].GrantTypes
	return len(gt) == 0 || slices.Contains(gt, "client_credentials")
}

func obtainAnyAndRevoke(ctx context.Context) error {
	w := WorldFrom(ctx)
	if _, err := revocationEndpoint(w); err != nil {
		return err
	}
	if err := obtainAnyAccessToken(ctx); err != nil {
		return err
	}
	if err := revoke(ctx, w.tokens.AccessToken); err != nil {
		return err
	}
	require.Equalf(T(ctx), 200, w.last.Status, "precondition: revoking the access token (RFC 7009 §2.2) must succeed; received %s", answerOf(w))
	return nil
}

// obtainAnyAndExpire moves the target's clock past the token's expires_in.
// A token without expires_in cannot be timed out by toets: that is the
// expiry rules' verdict on the server (RFC 6749 §5.1 RECOMMENDED), not an
// error of this one.
func obtainAnyAndExpire(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.env.Target.File.TestControl.ClockURL == "" {
		return outcome.Missing("test_control.clock_url", "a real server's clock cannot be moved, and a test run does not wait out a token's lifetime")
	}
	if err := obtainAnyAccessToken(ctx); err != nil {
		return err
	}
	if w.tokens.ExpiresIn == nil || *w.tokens.ExpiresIn <= 0 {
		return outcome.NotApplicable("the token response has no positive expires_in, so toets cannot tell when the token expires (token-success-response judges that)")
	}
	return advanceClock(ctx, time.Duration(*w.tokens.ExpiresIn)*time.Second+time.Minute)
}

// answerOf describes the last response for a precondition's message.
func answerOf(w *World) string {
	if w.last == nil {
		return "no response"
	}
	return fmt.Sprintf("HTTP %d %s", w.last.Status, bodySnippet(w.last.Body))
}
