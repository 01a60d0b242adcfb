package steps

import (
	"context"
	"fmt"
	"net/url"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/checks/introspection"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// The steps of token introspection (RFC 7662) and revocation (RFC 7009).
// Both endpoints are optional: a target whose metadata names neither has
// none of their rules, and the steps say so with a not-applicable verdict.
// What the answers must be is judged in internal/checks/introspection.
func registerIntrospection(sc *godog.ScenarioContext) {
	sc.Step(`^the access token is introspected without client authentication$`, introspectUnauthenticated)
	sc.Step(`^the client introspects (the access token|the expired access token|the revoked access token|a token the server never issued|a string that is no token)$`, introspectAs)
	sc.Step(`^the introspection endpoint refuses the caller$`, judgeIntrospection(introspection.Unauthenticated))
	sc.Step(`^the introspection response says the token is active$`, introspectionActive)
	sc.Step(`^the introspection response says the token is not active$`, judgeIntrospection(introspection.Inactive))
	sc.Step(`^the introspection response holds no member but active$`, judgeIntrospection(introspection.Bare))
	sc.Step(`^the client revokes a token the server never issued$`, revokeUnknown)
	sc.Step(`^the revocation endpoint answers with HTTP 200$`, judgeIntrospection(introspection.Revoked))
	sc.Step(`^the client has revoked the refresh token$`, revokeRefreshToken)
}

func introspectionEndpoint(w *World) (string, error) {
	if w.env.Target.EndpointUnknown("introspection") != nil {
		// Broken metadata (the metadata rules fail on it): whether the
		// server offers introspection is unknown.
		return "", outcome.Missing("endpoints.introspection", "the server's metadata could not be read, so whether it offers introspection is unknown")
	}
	if w.env.Target.Endpoints.Introspection == "" {
		return "", outcome.NotApplicable("neither the metadata (introspection_endpoint, RFC 8414 §2) nor the target file names an introspection endpoint")
	}
	return w.env.Target.Endpoints.Introspection, nil
}

func revocationEndpoint(w *World) (string, error) {
	if w.env.Target.EndpointUnknown("revocation") != nil {
		return "", outcome.Missing("endpoints.revocation", "the server's metadata could not be read, so whether it offers revocation is unknown")
	}
	if w.env.Target.Endpoints.Revocation == "" {
		return "", outcome.NotApplicable("neither the metadata (revocation_endpoint, RFC 8414 §2) nor the target file names a revocation endpoint")
	}
	return w.env.Target.Endpoints.Revocation, nil
}

// postAuthenticated posts a form to a back-channel endpoint with the
// scenario client's authentication (or none) and keeps the response.
func postAuthenticated(ctx context.Context, endpoint string, form url.Values, authenticate bool) error {
	w := WorldFrom(ctx)
	c := oauth.Credentials{ClientID: w.client.ClientID, Secret: w.client.SecretValue, Method: w.client.AuthMethod}
	if !authenticate {
		c = oauth.Credentials{}
	}
	req, err := oauth.TokenRequest(endpoint, c, form)
	if err != nil {
		return outcome.Harness("building the request to %s: %v", endpoint, err)
	}
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	if err != nil {
		return fmt.Errorf("%s gave no usable response: %w", endpoint, err)
	}
	return nil
}

// revoke revokes a token of the scenario's client (RFC 7009 §2.1).
func revoke(ctx context.Context, token string) error {
	w := WorldFrom(ctx)
	endpoint, err := revocationEndpoint(w)
	if err != nil {
		return err
	}
	return postAuthenticated(ctx, endpoint, url.Values{"token": {token}}, true)
}

func introspectUnauthenticated(ctx context.Context) error {
	w := WorldFrom(ctx)
	endpoint, err := introspectionEndpoint(w)
	if err != nil {
		return err
	}
	tok, err := requireToken(w)
	if err != nil {
		return err
	}
	return postAuthenticated(ctx, endpoint, url.Values{"token": {tok}}, false)
}

// introspectAs introspects as the scenario's client: the owner of the
// token obtained earlier, since a server may keep one client from
// introspecting another's tokens (RFC 7662 §2.2), or else the primary
// client.
func introspectAs(ctx context.Context, which string) error {
	w := WorldFrom(ctx)
	endpoint, err := introspectionEndpoint(w)
	if err != nil {
		return err
	}
	if w.client.ClientID == "" {
		if w.client, err = w.clientByRole("primary"); err != nil {
			return err
		}
	}
	var tok string
	switch which {
	case "the access token", "the expired access token", "the revoked access token":
		if tok, err = requireToken(w); err != nil {
			return err
		}
	case "a token the server never issued":
		tok = "toets-never-issued-" + oauth.Random(24)
	default:
		tok = `not a token: "{}" \ ` + oauth.Random(4)
	}
	return postAuthenticated(ctx, endpoint, url.Values{"token": {tok}, "token_type_hint": {"access_token"}}, true)
}

func revokeUnknown(ctx context.Context) error {
	w := WorldFrom(ctx)
	if _, err := revocationEndpoint(w); err != nil {
		return err
	}
	c, err := w.clientByRole("primary")
	if err != nil {
		return err
	}
	w.client = c
	return revoke(ctx, "toets-never-issued-"+oauth.Random(24))
}

// judgeIntrospection makes a step of a check of the last back-channel
// answer.
func judgeIntrospection(judge func(check.Response) []check.Finding) func(context.Context) error {
	return func(ctx context.Context) error {
		r, err := lastAnswer(ctx)
		if err != nil {
			return err
		}
		report(ctx, judge(r))
		return nil
	}
}

// introspectionActive judges an active token's introspection against the
// client the token was issued to.
func introspectionActive(ctx context.Context) error {
	r, err := lastAnswer(ctx)
	if err != nil {
		return err
	}
	report(ctx, introspection.Active(r, introspection.Token{ClientID: WorldFrom(ctx).client.ClientID}))
	return nil
}

// lastAnswer is the response under test as a check reads it.
func lastAnswer(ctx context.Context) (check.Response, error) {
	w := WorldFrom(ctx)
	if w.last == nil {
		return check.Response{}, outcome.Harness("no response was received in this scenario")
	}
	return check.Response{Status: w.last.Status, ContentType: w.last.Header.Get("Content-Type"), Body: w.last.Body}, nil
}

// revokeRefreshToken revokes the scenario's refresh token (RFC 7009 §2.1:
// the server SHOULD then also invalidate the access tokens of the grant).
func revokeRefreshToken(ctx context.Context) error {
	w := WorldFrom(ctx)
	if _, err := revocationEndpoint(w); err != nil {
		return err
	}
	if w.tokens == nil || w.tokens.RefreshToken == "" {
		return outcome.NotApplicable("the token response carried no refresh token, so there is none to revoke")
	}
	if err := revoke(ctx, w.tokens.RefreshToken); err != nil {
		return err
	}
	require.Equalf(T(ctx), 200, w.last.Status, "precondition: revoking the refresh token (RFC 7009 §2.2) must succeed; received HTTP %d %s", w.last.Status, bodySnippet(w.last.Body))
	return nil
}
