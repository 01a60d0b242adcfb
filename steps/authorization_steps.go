package steps

import (
	"context"
	"fmt"
	"net/url"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/checks/authorization"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/target"
)

func registerAuthorization(sc *godog.ScenarioContext) {
	sc.Step(`^the (primary|second) client starts an authorization request$`, startAuthorization)
	sc.Step(`^the user (with data|without data) logs in and (approves|denies)$`, logInAndDecide)
	sc.Step(`^the user (with data) has authorized the (primary|second) client$`, hasAuthorized)
	sc.Step(`^the browser is redirected to the client's registered redirect URI$`, redirectedToRegisteredURI)
	sc.Step(`^the redirect carries an authorization code$`, redirectCarriesCode)
	sc.Step(`^the redirect carries the unchanged state$`, redirectCarriesState)
	registerAuthorizationRequests(sc)
	registerAuthorizationBrowser(sc)
	registerAuthorizationUntrusted(sc)
	registerAuthorizationCredentials(sc)
}

// startAuthorization builds an RFC 6749 §4.1.1 request for a client, with a
// fresh state. Later steps may change it before the browser is sent.
func startAuthorization(ctx context.Context, role string) error {
	w := WorldFrom(ctx)
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	w.client = c
	// Every flow sends PKCE S256 (oauth.CodeFlowRequest), as RFC 9700
	// §2.1.1 has clients do, so a server or profile that requires it
	// (ID-porten) is not judged on requests no careful client sends; a
	// server without PKCE ignores the parameters (RFC 6749 §3.1).
	// Scenarios about PKCE change or drop it.
	t := w.env.Target
	w.authz, w.verifier = oauth.CodeFlowRequest(t.Endpoints.Authorization, c.ClientID, c.RedirectURI, t.File.Scopes.Granted)
	w.secret("verifier", w.verifier)
	return nil
}

// logInAndDecide sends the browser to the authorization request and lets the
// user log in and approve or deny, until the client's redirect URI is reached.
func logInAndDecide(ctx context.Context, userRole, decision string) error {
	w := WorldFrom(ctx)
	if w.authz == nil {
		return outcome.Harness("no authorization request was started in this scenario")
	}
	u, err := w.userByRole(userRole)
	if err != nil {
		return err
	}
	return logInAsAndDecide(ctx, u, decision)
}

// logInAsAndDecide is logInAndDecide for a user already chosen.
func logInAsAndDecide(ctx context.Context, u target.ResolvedUser, decision string) error {
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	w.Note("authorization request: %s", w.authz.URL())
	if err := s.Navigate(ctx, w.authz.URL()); err != nil {
		return guarded(ctx, s, fmt.Errorf("opening the authorization request: %w", err))
	}
	b := w.env.Target.File.Browser
	if err := runScript(ctx, s, b.Login, scriptVars(u), "login script"); err != nil {
		return err
	}
	decide := b.Approve
	if decision == "denies" {
		decide = b.Deny
	}
	if _, done := s.Reached(); done && decision == "denies" && w.env.Target.File.Profile != "medmij" {
		// Only MedMij demands a consent question; RFC 6749 §4.1 (B) lets the
		// server establish the grant by its own policy.
		return outcome.NotApplicable("the server asked no consent question: after login it sent the person straight back to the client, so there is nothing to refuse (RFC 6749 §4.1 step B)")
	}
	if _, done := s.Reached(); !done {
		if err := runScript(ctx, s, decide, scriptVars(u), "consent script ("+decision+")"); err != nil {
			return err
		}
	}
	return awaitCallback(ctx, s, "after login and consent")
}

// hasAuthorized runs the whole front channel as a precondition: a code must
// come out of it, or the scenario cannot test what it is about.
func hasAuthorized(ctx context.Context, userRole, clientRole string) error {
	if err := startAuthorization(ctx, clientRole); err != nil {
		return err
	}
	if err := logInAndDecide(ctx, userRole, "approves"); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	require.NotEmptyf(T(ctx), w.code, "precondition: the authorization flow must end with a code at the redirect URI; received %s", redirectSummary(w.callback))
	return nil
}

func redirectSummary(c *oauth.Callback) string {
	if c == nil {
		return "no redirect"
	}
	if e := c.Get("error"); e != "" {
		return fmt.Sprintf("error=%s", e)
	}
	if c.Get("code") != "" {
		return "a redirect with a code"
	}
	return "a redirect without code or error"
}

func redirectedToRegisteredURI(ctx context.Context) {
	w := WorldFrom(ctx)
	expect(ctx, w.callback != nil && redirectBase(w.callback.URL) == w.client.RedirectURI,
		"where the authorization response was sent (RFC 6749 §3.1.2)", w.client.RedirectURI, callbackWhere(w), implementation)
}

func callbackWhere(w *World) string {
	if w.callback == nil {
		return "no redirect to the client"
	}
	return redirectBase(w.callback.URL)
}

func redirectCarriesCode(ctx context.Context) {
	w := WorldFrom(ctx)
	expect(ctx, w.callback != nil && w.callback.Get("code") != "",
		"the authorization response's code parameter (RFC 6749 §4.1.2)", "a non-empty code", redirectSummary(w.callback), implementation)
}

func redirectCarriesState(ctx context.Context) {
	w := WorldFrom(ctx)
	report(ctx, authorization.State(w.authz.Get("state"), callbackValues(w.callback)))
}

// callbackValues are the parameters of the redirect to the client, or nil
// when there was none.
func callbackValues(c *oauth.Callback) url.Values {
	if c == nil {
		return nil
	}
	return c.Values
}
