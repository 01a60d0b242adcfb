package steps

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/checks/token"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/target"
)

// MedMij core.tknint.206: the access token is available within 10 seconds.
const tokenTimeLimit = 10 * time.Second

func registerTokenRefresh(sc *godog.ScenarioContext) {
	sc.Step(`^the client refreshes the access token$`, func(ctx context.Context) error { return refresh(ctx, "primary", "") })
	sc.Step(`^the client refreshes the access token for more scope than was granted$`, refreshWider)
	sc.Step(`^the token endpoint refuses the wider scope with invalid_scope, or issues a token for no more than was granted$`, refreshNoWider)
	sc.Step(`^the client refreshes the access token without client authentication$`, refreshUnauthenticated)
	sc.Step(`^the second client refreshes the access token with the primary client's refresh token$`, func(ctx context.Context) error { return refresh(ctx, "second", "") })
	sc.Step(`^the client refreshes again with the previous refresh token$`, refreshWithPrevious)
	sc.Step(`^the response holds a refresh token$`, holdsRefreshToken)
	sc.Step(`^the response holds a new refresh token$`, holdsNewRefreshToken)
	sc.Step(`^the response holds no refresh token$`, holdsNoRefreshToken)
	sc.Step(`^the token endpoint refuses the replaced refresh token with invalid_grant$`, judgeToken(token.OldRefresh))
	sc.Step(`^the second client requests a token for itself with the client_credentials grant$`, func(ctx context.Context) error { return clientCredentials(ctx, nil) })
	sc.Step(`^the second client requests a token for itself for a resource the server does not know$`, func(ctx context.Context) error {
		// RFC 8707 §2: an absolute URI; this one names no server at all.
		return clientCredentials(ctx, url.Values{"resource": {"https://unknown-resource.toets.invalid/api"}})
	})
	sc.Step(`^the expires_in is not above the target's limit$`, expiresWithinLimit)
	sc.Step(`^the token endpoint answered within 10 seconds$`, answeredInTime)
}

// refresh presents the scenario's refresh token (RFC 6749 §6) as the
// client of role.
func refresh(ctx context.Context, role, scope string) error {
	w := WorldFrom(ctx)
	// No refresh token makes the rule not applicable, whichever client
	// the target file lacks.
	if err := requireRefreshToken(w); err != nil {
		return err
	}
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	return refreshWith(ctx, c, scope)
}

// requireRefreshToken says why there is nothing to refresh, if so.
func requireRefreshToken(w *World) error {
	if w.tokens == nil {
		return outcome.Harness("no token response was obtained earlier in this scenario")
	}
	if w.tokens.RefreshToken == "" {
		return outcome.NotApplicable("the token response held no refresh_token: the target offers no refresh to this client")
	}
	return nil
}

// refreshWith presents the scenario's refresh token as client c, asking
// for scope (none: the scope originally granted). The token it uses up is
// kept, to present it again later.
func refreshWith(ctx context.Context, c target.ResolvedClient, scope string) error {
	w := WorldFrom(ctx)
	if err := requireRefreshToken(w); err != nil {
		return err
	}
	w.client = c
	w.previousRefresh, w.requestedScope = w.tokens.RefreshToken, scope
	return postToken(ctx, refreshForm(w.previousRefresh, scope))
}

// refreshWider asks for the granted scope plus the target's unknown scope:
// §6 "MUST NOT include any scope not originally granted".
func refreshWider(ctx context.Context) error {
	s := WorldFrom(ctx).env.Target.File.Scopes
	if s.Unknown == "" {
		return outcome.Missing("scopes.unknown", "this rule needs a scope that was never granted")
	}
	w := WorldFrom(ctx)
	if w.tokens != nil {
		// §5.1: a token response without scope has the scope requested.
		w.grantedScope = w.tokens.Scope
		if w.grantedScope == "" {
			w.grantedScope = s.Granted
		}
	}
	return refresh(ctx, "primary", s.Granted+" "+s.Unknown)
}

// refreshNoWider judges the answer to refreshWider (token.RefreshWider).
func refreshNoWider(ctx context.Context) error {
	r, err := lastAnswer(ctx)
	if err != nil {
		return err
	}
	report(ctx, token.RefreshWider(r, WorldFrom(ctx).grantedScope))
	return nil
}

// refreshUnauthenticated sends the refresh with client_id alone (§6: "the
// client MUST authenticate" when it is confidential).
func refreshUnauthenticated(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.tokens == nil || w.tokens.RefreshToken == "" {
		return outcome.NotApplicable("no refresh_token was issued in this scenario: the target offers no refresh to this client")
	}
	creds := credentials(w.client)
	creds.Method, creds.Secret = "none", ""
	req, err := oauth.TokenRequest(w.env.Target.Endpoints.Token, creds, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {w.tokens.RefreshToken}})
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	return sendTokenRequest(ctx, req)
}

func refreshWithPrevious(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.previousRefresh == "" {
		return outcome.Harness("no refresh happened earlier in this scenario")
	}
	return postToken(ctx, refreshForm(w.previousRefresh, ""))
}

func holdsRefreshToken(ctx context.Context) {
	w := requireTokenResponse(ctx)
	require.NotNil(T(ctx), w.lastToken, "the token response is not a JSON object")
	expect(ctx, w.lastToken.RefreshToken != "", "refresh_token in the token response (RFC 6749 §5.1; MedMij long-lived consent, RFC0054)", "a refresh_token", presence(w.lastToken.Raw, "refresh_token"), implementation)
}

// holdsNewRefreshToken: MedMij rotates refresh tokens ("een nieuw
// refresh-token"); token.NewRefreshToken.
func holdsNewRefreshToken(ctx context.Context) error {
	r, err := lastAnswer(ctx)
	if err != nil {
		return err
	}
	report(ctx, token.NewRefreshToken(r, WorldFrom(ctx).previousRefresh))
	return nil
}

// holdsNoRefreshToken: RFC 6749 §4.4.3 "A refresh token SHOULD NOT be
// included" for client_credentials.
func holdsNoRefreshToken(ctx context.Context) {
	w := requireTokenResponse(ctx)
	require.NotNil(T(ctx), w.lastToken, "the token response is not a JSON object")
	expect(ctx, w.lastToken.RefreshToken == "", "refresh_token in a client_credentials response (RFC 6749 §4.4.3)", "no refresh_token", "a refresh_token", implementation)
}

// clientCredentials asks for a token for the client itself (RFC 6749
// §4.4.2), without a scope: the server applies its default. extra are
// further parameters.
func clientCredentials(ctx context.Context, extra url.Values) error {
	w := WorldFrom(ctx)
	if err := requireGrantType(w, "client_credentials"); err != nil {
		return err
	}
	c, err := w.clientByRole("second")
	if err != nil {
		return err
	}
	w.client = c
	form := url.Values{"grant_type": {"client_credentials"}}
	for k, vs := range extra {
		form[k] = vs
	}
	return postToken(ctx, form)
}

func expiresWithinLimit(ctx context.Context) error {
	w := requireTokenResponse(ctx)
	limit := w.env.Target.File.Limits.MaxExpiresIn
	if limit == 0 {
		return outcome.NotApplicable("the target file sets no limits.max_expires_in for its profile")
	}
	require.NotNil(T(ctx), w.lastToken, "the token response is not a JSON object")
	got := "(absent)"
	if w.lastToken.ExpiresIn != nil {
		got = fmt.Sprint(*w.lastToken.ExpiresIn)
	}
	ok := w.lastToken.ExpiresIn != nil && *w.lastToken.ExpiresIn <= float64(limit)
	expect(ctx, ok, "expires_in in the token response against the profile's maximum (limits.max_expires_in)", fmt.Sprintf("at most %d seconds", limit), got, configuration)
	return nil
}

// answeredInTime reads the duration of the recorded exchange and reports
// it, whatever the verdict (evidence for certification).
func answeredInTime(ctx context.Context) {
	w := requireTokenResponse(ctx)
	w.Note("the token endpoint answered in %s (MedMij core.tknint.206: at most %s)", w.last.Duration.Round(time.Millisecond), tokenTimeLimit)
	expect(ctx, w.last.Duration <= tokenTimeLimit, "the time the token endpoint took (MedMij core.tknint.206)", "at most "+tokenTimeLimit.String(), w.last.Duration.Round(time.Millisecond).String(), implementation)
}
