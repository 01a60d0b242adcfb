package steps

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/rights"
)

// The steps about the scope a token response names: RFC 6749 §3.3 and
// §5.1 (the scope granted, when it differs from the one requested), §6 (a
// narrower scope on refresh) and seed 003 (default scopes of a client).
func registerTokenScope(sc *godog.ScenarioContext) {
	sc.Step(`^the response names the granted scope: the rights both the client and the user hold$`, namesGrantedRights)
	sc.Step(`^the second client has default scopes in the target file$`, secondClientHasDefaults)
	sc.Step(`^the response's scope holds the client's default scopes$`, scopeHoldsDefaults)
	sc.Step(`^the client refreshes the access token for the scope of the first right only$`, refreshForFirstRight)
	sc.Step(`^the response names the narrower scope, or no scope since it equals the request$`, namesNarrowerScope)
}

// responseScope is the scope member of the last token response, and how a
// report shows it.
func responseScope(ctx context.Context) (tokens []string, shown string) {
	w := requireTokenResponse(ctx)
	require.NotNil(T(ctx), w.lastToken, "the token response is not a JSON object")
	if w.lastToken.Scope == "" {
		return nil, presence(w.lastToken.Raw, "scope")
	}
	return strings.Fields(w.lastToken.Scope), fmt.Sprintf("%q", w.lastToken.Scope)
}

// sameScope compares two scopes as sets: §3.3 "The strings are
// space-delimited ... and their order does not matter".
func sameScope(a, b []string) bool {
	return scopeWithin(a, b) && scopeWithin(b, a)
}

func scopeWithin(some, all []string) bool {
	for _, t := range some {
		if !slices.Contains(all, t) {
			return false
		}
	}
	return true
}

// namesGrantedRights: the authorization request asked for every right's
// scope, and the pairing holds fewer in common; §5.1 makes scope REQUIRED
// when it differs from the requested scope, and §3.3 says the server "MUST
// include the scope response parameter to inform the client of the actual
// scope granted".
func namesGrantedRights(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.cast == nil {
		return outcome.Harness("no seed 000 pairing was authorized earlier in this scenario")
	}
	var names, requested, want []string
	for _, r := range w.env.Target.File.Rights {
		names = append(names, r.Name)
		requested = append(requested, r.Scope)
	}
	for _, name := range rights.Reachable(names, w.pairClient, w.pairUser) {
		want = append(want, w.rightNamed(name).Scope)
	}
	if sameScope(want, requested) {
		return outcome.NotApplicable("the pairing holds every right, so the scope granted equals the one requested: the target file's rights describe no narrowing")
	}
	got, shown := responseScope(ctx)
	expect(ctx, got != nil && sameScope(got, want),
		fmt.Sprintf("scope in the token response after asking for %q (RFC 6749 §5.1: REQUIRED when it differs from the requested scope; §3.3); the rights both the client and the user hold (seed 000)", strings.Join(requested, " ")),
		fmt.Sprintf("%q, in any order", strings.Join(want, " ")), shown, implementation)
	return nil
}

// secondClientHasDefaults: the default-scopes rule applies only where the
// target declares some (seed 003: an API owner chooses them).
func secondClientHasDefaults(ctx context.Context) error {
	c, err := WorldFrom(ctx).clientByRole("second")
	if err != nil {
		return err
	}
	if len(c.DefaultScopes) == 0 {
		return outcome.NotApplicable("the target file declares no clients[1].default_scopes: the server adds no default scope to this client's tokens")
	}
	return nil
}

// scopeHoldsDefaults: a request without scope got a token; the scope it
// carries is the client's defaults (§3.3 "pre-defined default value"), and
// since nothing was requested it differs from the request, so the response
// must name it (§5.1).
func scopeHoldsDefaults(ctx context.Context) {
	w := WorldFrom(ctx)
	defaults := w.client.DefaultScopes
	got, shown := responseScope(ctx)
	expect(ctx, got != nil && scopeWithin(defaults, got),
		"scope in the response to a client_credentials request without scope (seed 003: default scopes are added even when not asked for; RFC 6749 §3.3, §5.1: REQUIRED when it differs from the requested scope)",
		fmt.Sprintf("every one of clients[1].default_scopes %q", strings.Join(defaults, " ")), shown, configuration)
}

// refreshForFirstRight refreshes a grant of two rights asking for the
// first right's scope only, as the client the grant was issued to (§6).
func refreshForFirstRight(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.cast == nil {
		return outcome.Harness("no seed 000 pairing was authorized earlier in this scenario")
	}
	narrower := w.rightNamed(w.cast.Shared).Scope
	if w.tokens != nil && w.tokens.Scope != "" && !slices.Contains(strings.Fields(w.tokens.Scope), w.rightNamed(w.cast.Varying).Scope) {
		return outcome.NotApplicable("the grant to narrow holds only %q, not the second right's scope: the target file's rights do not describe this client and user", w.tokens.Scope)
	}
	return refreshWith(ctx, w.client, narrower)
}

// namesNarrowerScope: §5.1 lets the server leave scope out when it is
// identical to the one requested; when present it must be that narrower
// scope, not the original grant. Whether the token really is narrower is
// for the resource endpoint to show (the next steps).
func namesNarrowerScope(ctx context.Context) {
	w := WorldFrom(ctx)
	asked := strings.Fields(w.requestedScope)
	got, shown := responseScope(ctx)
	if got == nil {
		w.Note("the refresh response names no scope: by RFC 6749 §5.1 the token has the scope asked for, %q", w.requestedScope)
		return
	}
	expect(ctx, sameScope(got, asked),
		"scope in the response to a refresh asking for less than was granted (RFC 6749 §6: a narrower scope may be requested; §5.1)",
		fmt.Sprintf("%q, or no scope member", w.requestedScope), shown, implementation)
}

// refreshForm is the refresh request of RFC 6749 §6.
func refreshForm(refreshToken, scope string) url.Values {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	if scope != "" {
		form.Set("scope", scope)
	}
	return form
}
