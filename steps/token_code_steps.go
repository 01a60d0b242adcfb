package steps

import (
	"context"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// lateUnavailable is the user role of a person who passes the availability
// check at the authorization interface but not the late one at the resource
// interface (users[].late_unavailable).
const lateUnavailable = "with data only at the early availability check"

func registerTokenCode(sc *godog.ScenarioContext) {
	sc.Step(`^the user (with data) has authorized the primary client (with|without) a PKCE challenge$`, hasAuthorizedPKCE)
	sc.Step(`^the user (`+lateUnavailable+`) has authorized the (primary|second) client$`, hasAuthorized)
	sc.Step(`^the (primary|second) client redeems the authorization code (with the original redirect_uri|with another redirect_uri|with a wrong code_verifier|without the code_verifier)$`, redeemCodeVariant)
	sc.Step(`^the authorization code has expired$`, codeHasExpired)
	sc.After(restoreClock)
}

// hasAuthorizedPKCE runs the front channel with or without an RFC 7636
// S256 challenge.
func hasAuthorizedPKCE(ctx context.Context, userRole, pkce string) error {
	if err := startAuthorization(ctx, "primary"); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	if pkce == "without" {
		// Every flow sends PKCE (startAuthorization); this one does not.
		w.authz.Del("code_challenge")
		w.authz.Del("code_challenge_method")
		w.verifier = ""
	}
	if err := logInAndDecide(ctx, userRole, "approves"); err != nil {
		return err
	}
	require.NotEmptyf(T(ctx), w.code, "precondition: the authorization flow must end with a code at the redirect URI; received %s", redirectSummary(w.callback))
	return nil
}

// redeemCodeVariant redeems the scenario's code with one thing changed
// (RFC 6749 §4.1.3, RFC 7636 §4.5). The client may be another than the one
// the code was issued to: it then sends the redirect_uri of the original
// request, as a client holding a stolen code would.
func redeemCodeVariant(ctx context.Context, role, variant string) error {
	w := WorldFrom(ctx)
	if w.code == "" || w.authz == nil {
		return outcome.Harness("no authorization code was obtained earlier in this scenario")
	}
	form := codeForm(w, w.code)
	form.Set("redirect_uri", w.authz.Get("redirect_uri"))
	switch variant {
	case "with another redirect_uri":
		form.Set("redirect_uri", w.authz.Get("redirect_uri")+"/other")
	case "with a wrong code_verifier":
		wrong := oauth.Random(32)
		w.secret("verifier", wrong)
		form.Set("code_verifier", wrong)
	case "without the code_verifier":
		form.Del("code_verifier")
	}
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	w.client = c
	return postToken(ctx, form)
}

// codeHasExpired moves the target's clock past the lifetime of the code.
// Only a target with a test-control hook (the reference server) can be
// told to do that; a real server would have to be waited for, which a test
// run does not do.
func codeHasExpired(ctx context.Context) error {
	w := WorldFrom(ctx)
	tc := w.env.Target.File.TestControl
	if tc.ClockURL == "" {
		return outcome.NotApplicable("the target file has no test_control.clock_url: a real server's clock cannot be moved, and waiting out a code lifetime is not done in a test run")
	}
	return advanceClock(ctx, codeLifetimeBound)
}
