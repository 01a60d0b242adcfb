package steps

import (
	"context"
	"net/url"
	"slices"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/checks/token"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// The token requests that break one thing on the redemption of the flow's
// own code (its registered redirect URI, its PKCE verifier), so that the
// code cannot be what the server refuses. What the answers must be is
// judged in internal/checks/token.
func registerTokenRefusals(sc *godog.ScenarioContext) {
	sc.Step(`^the client redeems the authorization code without redirect_uri$`, redeemChanged(func(f url.Values) { f.Del("redirect_uri") }))
	sc.Step(`^the client redeems the authorization code with redirect_uri sent twice$`, redeemChanged(func(f url.Values) { f.Add("redirect_uri", f.Get("redirect_uri")) }))
	sc.Step(`^the client redeems the authorization code with its client_id and client_secret only in the request URI$`, redeemWithCredentialsInQuery)
	sc.Step(`^the token endpoint refuses the two authentication methods with invalid_request or invalid_client$`, judgeToken(token.TwoMethods))
	sc.Step(`^the token endpoint refuses the missing redirect_uri with invalid_request or invalid_grant$`, judgeToken(token.MissingRedirectURI))
	sc.Step(`^the token endpoint refuses the repeated parameter with invalid_request$`, judgeToken(token.RepeatedParameter))
	sc.Step(`^a client that authenticates with client_secret_post redeems an authorization code that the server never issued$`, redeemAsPostClient)
	sc.Step(`^the token endpoint refuses the grant, not the client_secret_post client$`, judgeToken(token.PostClientAccepted))
	sc.Step(`^the token endpoint refuses the person's data scope to the client itself$`, judgeToken(token.CCScope))
	sc.Step(`^the token endpoint does not answer with tokens$`, judgeToken(token.QuerySecret))
	sc.Step(`^the token endpoint refuses the (client_credentials) grant to this client with unauthorized_client$`, refusesGrantToClient)
}

// judgeToken hands the last token response to a check.
func judgeToken(judge func(check.Response) []check.Finding) func(context.Context) error {
	return func(ctx context.Context) error {
		r, err := lastAnswer(ctx)
		if err != nil {
			return err
		}
		report(ctx, judge(r))
		return nil
	}
}

// redeemChanged redeems the flow's code with one change to the form.
func redeemChanged(change func(url.Values)) func(context.Context) error {
	return func(ctx context.Context) error {
		w := WorldFrom(ctx)
		if w.code == "" {
			return outcome.Harness("no authorization code was obtained earlier in this scenario")
		}
		form := codeForm(w, w.code)
		change(form)
		return postToken(ctx, form)
	}
}

// redeemWithCredentialsInQuery redeems the flow's code with no client
// authentication but client_id and client_secret in the query string: the
// careless client of RFC 6749 §2.3.1. The secret is the client's real one,
// so that a server that honours it issues tokens; the recorder redacts it
// in the URL like everywhere else.
func redeemWithCredentialsInQuery(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.code == "" {
		return outcome.Harness("no authorization code was obtained earlier in this scenario")
	}
	if w.client.SecretValue == "" || w.client.AuthMethod == "private_key_jwt" || w.client.AuthMethod == "tls_client_auth" {
		return outcome.NotApplicable("the %s client has no client secret (it authenticates with %s)", w.client.ClientID, w.client.AuthMethod)
	}
	req, err := oauth.TokenRequest(w.env.Target.Endpoints.Token, oauth.Credentials{}, codeForm(w, w.code))
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	q := req.URL.Query()
	q.Set("client_id", w.client.ClientID)
	q.Set("client_secret", w.client.SecretValue)
	req.URL.RawQuery = q.Encode()
	return sendTokenRequest(ctx, req)
}

// refusesGrantToClient judges the refusal of a grant type to a client not
// registered for it; whether the metadata lists the grant decides which
// codes describe the refusal (token.GrantNotAuthorized).
func refusesGrantToClient(ctx context.Context, grantType string) error {
	r, err := lastAnswer(ctx)
	if err != nil {
		return err
	}
	advertised := false
	if listed, ok := WorldFrom(ctx).env.Target.Metadata["grant_types_supported"].([]any); ok {
		for _, g := range listed {
			advertised = advertised || g == grantType
		}
	}
	report(ctx, token.GrantNotAuthorized(r, advertised))
	return nil
}

// redeemAsPostClient sends a never-issued code as the target's
// client_secret_post client. RFC 6749 §2.3.1 makes the method a MAY: the
// rule applies only where the server took it up, in its metadata
// (token_endpoint_auth_methods_supported) or by registering a client for it.
func redeemAsPostClient(ctx context.Context) error {
	w := WorldFrom(ctx)
	for _, c := range w.env.Target.Clients {
		if c.AuthMethod == "client_secret_post" {
			w.client = c
			return postToken(ctx, codeForm(w, "toets-never-issued-"+oauth.Random(16)))
		}
	}
	if listed, ok := w.env.Target.Metadata["token_endpoint_auth_methods_supported"].([]any); ok && slices.Contains(listed, any("client_secret_post")) {
		return outcome.Missing("clients[].auth_method", "the metadata lists client_secret_post, but the target file declares no client that uses it")
	}
	return outcome.NotApplicable("RFC 6749 §2.3.1: a server MAY support client_secret_post; neither its metadata (token_endpoint_auth_methods_supported) nor the target file's clients name it")
}
