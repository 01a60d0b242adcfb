package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// The steps of token introspection (RFC 7662) and revocation (RFC 7009).
// Both endpoints are optional: a target whose metadata names neither has
// none of their rules, and the steps say so with a not-applicable verdict.
func registerIntrospection(sc *godog.ScenarioContext) {
	sc.Step(`^the access token is introspected without client authentication$`, introspectUnauthenticated)
	sc.Step(`^the second client introspects (the access token|the expired access token|the revoked access token|a token the server never issued|a string that is no token)$`, introspectAs)
	sc.Step(`^the introspection endpoint answers with HTTP (\d+)$`, backChannelAnswersWith)
	sc.Step(`^the introspection response says active with scope, client_id and exp$`, introspectionActive)
	sc.Step(`^the introspection response is exactly active false$`, introspectionInactive)
	sc.Step(`^the second client revokes a token the server never issued$`, revokeUnknown)
	sc.Step(`^the revocation endpoint answers with HTTP (\d+)$`, backChannelAnswersWith)
	sc.Step(`^the client has revoked the refresh token$`, revokeRefreshToken)
}

func introspectionEndpoint(w *World) (string, error) {
	if w.env.Target.Endpoints.Introspection == "" {
		return "", outcome.NotApplicable("neither the metadata (introspection_endpoint, RFC 8414 §2) nor the target file names an introspection endpoint")
	}
	return w.env.Target.Endpoints.Introspection, nil
}

func revocationEndpoint(w *World) (string, error) {
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

func introspectAs(ctx context.Context, which string) error {
	w := WorldFrom(ctx)
	endpoint, err := introspectionEndpoint(w)
	if err != nil {
		return err
	}
	c, err := w.clientByRole("second")
	if err != nil {
		return err
	}
	w.client = c
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
	c, err := w.clientByRole("second")
	if err != nil {
		return err
	}
	w.client = c
	return revoke(ctx, "toets-never-issued-"+oauth.Random(24))
}

func backChannelAnswersWith(ctx context.Context, status int) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no response was received in this scenario")
	expect(ctx, w.last.Status == status, "the HTTP status (RFC 7662 §2.2, §2.3; RFC 7009 §2.2)", fmt.Sprint(status), fmt.Sprintf("%d %s", w.last.Status, bodySnippet(w.last.Body)), implementation)
}

// introspectionBody reads the response under test as a JSON object.
func introspectionBody(ctx context.Context) (map[string]any, bool) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no introspection response was received in this scenario")
	var m map[string]any
	err := json.Unmarshal(w.last.Body, &m)
	ok := expect(ctx, err == nil && m != nil, "the introspection response body (RFC 7662 §2.2)", "a JSON object", bodySnippet(w.last.Body), implementation)
	ct := w.last.Header.Get("Content-Type")
	expect(ctx, oauth.IsJSON(ct), "the Content-Type of the introspection response (RFC 7662 §2.2)", "application/json", orNone(ct), implementation)
	return m, ok
}

func introspectionActive(ctx context.Context) {
	m, ok := introspectionBody(ctx)
	if !ok {
		return
	}
	w := WorldFrom(ctx)
	expect(ctx, m["active"] == true, "active in the introspection response of a valid token (RFC 7662 §2.2: REQUIRED)", "true", fmt.Sprint(m["active"]), implementation)
	var missing []string
	if s, _ := m["scope"].(string); s == "" {
		missing = append(missing, "scope")
	}
	if id, _ := m["client_id"].(string); id != w.client.ClientID {
		missing = append(missing, fmt.Sprintf("client_id (%v, the token's client is %s)", m["client_id"], w.client.ClientID))
	}
	if exp, _ := m["exp"].(float64); exp <= 0 {
		missing = append(missing, "exp")
	}
	expect(ctx, len(missing) == 0, "the claims of an active token's introspection response (RFC 7662 §2.2; seed 003)", "scope, client_id of the calling client, and a positive exp", "missing or wrong: "+strings.Join(missing, ", "), implementation)
}

// introspectionInactive: RFC 7662 §2.2 says an inactive token's response
// SHOULD NOT hold anything but active, and §4 explains why (no
// information about tokens to someone who should not have it); toets
// requires exactly {"active": false}.
func introspectionInactive(ctx context.Context) {
	m, ok := introspectionBody(ctx)
	if !ok {
		return
	}
	var extra []string
	for k := range m {
		if k != "active" {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	active, has := m["active"]
	expect(ctx, has && active == false && len(extra) == 0, "the introspection response for an inactive token (RFC 7662 §2.2, §4)", `exactly {"active": false}`, bodySnippet(WorldFrom(ctx).last.Body), implementation)
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
