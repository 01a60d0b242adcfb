package steps

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/checks/token"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// The RFC 6749 §5.2 situations a token endpoint must refuse that need no
// authorization code: each builds one faulty request. The base request
// redeems a code the server never issued, so that a server that skips the
// check under test still refuses it, but with another error code.

// tokenSituation builds the request of one situation for a client.
type tokenSituation func(w *World, creds oauth.Credentials, form url.Values) (*http.Request, error)

var tokenSituations = map[string]tokenSituation{
	"without grant_type": withForm(func(f url.Values) { f.Del("grant_type") }),
	"without code":       withForm(func(f url.Values) { f.Del("code") }),
	// A missing or repeated redirect_uri is judged on the flow's own code
	// (token_refusal_steps.go): on this one, invalid_grant is right too.
	"with an unknown grant type": withForm(func(f url.Values) {
		f.Set("grant_type", "urn:toets:grant-type:unknown")
	}),
	"with a wrong client secret": withCreds(func(c *oauth.Credentials) { c.Secret = "toets-wrong-" + oauth.Random(16) }),
	"as an unknown client": withCreds(func(c *oauth.Credentials) {
		c.ClientID, c.Secret = "unknown-"+strings.ToLower(oauth.Random(6))+".toets.invalid", "toets-unknown-"+oauth.Random(16)
	}),
	// client_id alone (RFC 6749 §3.2.1: a confidential client must
	// authenticate).
	"without client authentication":          withCreds(func(c *oauth.Credentials) { c.Method, c.Secret = "none", "" }),
	"with two client authentication methods": twoAuthMethods,
	"with the client_credentials grant": func(w *World, creds oauth.Credentials, _ url.Values) (*http.Request, error) {
		return oauth.TokenRequest(w.env.Target.Endpoints.Token, creds, url.Values{"grant_type": {"client_credentials"}})
	},
	"with the client_credentials grant for the person's data scope": func(w *World, creds oauth.Credentials, _ url.Values) (*http.Request, error) {
		form := url.Values{"grant_type": {"client_credentials"}, "scope": {w.env.Target.File.Scopes.Granted}}
		return oauth.TokenRequest(w.env.Target.Endpoints.Token, creds, form)
	},
	"with GET": func(w *World, creds oauth.Credentials, form url.Values) (*http.Request, error) {
		return oauth.TokenRequestAsGET(w.env.Target.Endpoints.Token, creds, form)
	},
	"with a JSON body": func(w *World, creds oauth.Credentials, form url.Values) (*http.Request, error) {
		return oauth.TokenRequestAsJSON(w.env.Target.Endpoints.Token, creds, form)
	},
}

// needsClientCredentials are the situations that mean something only at a
// server that offers the client_credentials grant.
// (The data-scope request is judged everywhere in medmij: a server without
// the grant refuses it rightly, token.CCScope.)
var needsClientCredentials = []string{"with the client_credentials grant"}

func withForm(change func(url.Values)) tokenSituation {
	return func(w *World, creds oauth.Credentials, form url.Values) (*http.Request, error) {
		change(form)
		return oauth.TokenRequest(w.env.Target.Endpoints.Token, creds, form)
	}
}

func withCreds(change func(*oauth.Credentials)) tokenSituation {
	return func(w *World, creds oauth.Credentials, form url.Values) (*http.Request, error) {
		change(&creds)
		return oauth.TokenRequest(w.env.Target.Endpoints.Token, creds, form)
	}
}

// twoAuthMethods sends the secret both in the Authorization header and in
// the body (RFC 6749 §2.3: "MUST NOT use more than one authentication
// method in each request").
func twoAuthMethods(w *World, creds oauth.Credentials, form url.Values) (*http.Request, error) {
	form.Set("client_id", creds.ClientID)
	form.Set("client_secret", creds.Secret)
	creds.Method = "client_secret_basic"
	return oauth.TokenRequest(w.env.Target.Endpoints.Token, creds, form)
}

func registerTokenErrors(sc *godog.ScenarioContext) {
	names := make([]string, 0, len(tokenSituations))
	for n := range tokenSituations {
		names = append(names, regexp.QuoteMeta(n))
	}
	slices.Sort(names)
	sc.Step(`^the (primary|second) client sends a token request (`+strings.Join(names, "|")+`)$`, sendSituation)
	sc.Step(`^the token endpoint answers with HTTP 400 or 401 and a JSON body$`, tokenAnswers400or401)
	sc.Step(`^the token endpoint refuses the method with HTTP 405, or HTTP 400 and invalid_request$`, refusesMethod)
	sc.Step(`^the (primary|second) client authenticates with (client_secret_basic|client_secret_post)$`, clientUsesMethod)
	sc.Step(`^the response challenges the client with the scheme it used in WWW-Authenticate$`, challengesClient)
}

func sendSituation(ctx context.Context, role, situation string) error {
	w := WorldFrom(ctx)
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	w.client = c
	if slices.Contains(needsClientCredentials, situation) {
		if err := requireGrantType(w, "client_credentials"); err != nil {
			return err
		}
	}
	if situation == "with the client_credentials grant" && slices.Contains(c.GrantTypes, "client_credentials") {
		return outcome.NotApplicable("the %s client is registered for client_credentials (its grant_types in the target file), so the server need not refuse it that grant", role)
	}
	req, err := tokenSituations[situation](w, credentials(c), codeForm(w, "toets-never-issued-"+oauth.Random(16)))
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	return sendTokenRequest(ctx, req)
}

// requireGrantType ends the scenario as not applicable when the target
// does not offer the grant type: the metadata's grant_types_supported
// (RFC 8414 §2), or, when the metadata has none, the target file's
// grant_types, or else the RFC 8414 default (authorization_code, implicit).
func requireGrantType(w *World, grantType string) error {
	offered, source := []string{"authorization_code", "implicit"}, "the RFC 8414 §2 default for metadata without grant_types_supported"
	if listed, ok := w.env.Target.Metadata["grant_types_supported"].([]any); ok {
		offered, source = nil, "the metadata's grant_types_supported"
		for _, g := range listed {
			if s, ok := g.(string); ok {
				offered = append(offered, s)
			}
		}
	} else if declared := w.env.Target.File.GrantTypes; len(declared) > 0 {
		offered, source = declared, "the target file's grant_types"
	}
	if slices.Contains(offered, grantType) {
		return nil
	}
	return outcome.NotApplicable("the target does not offer %s: it is not in %s", grantType, source)
}

// tokenAnswers400or401 is the status check for invalid_client when the
// client did not use the Authorization header: RFC 6749 §5.2 allows 400
// there, and 401 ("MAY return an HTTP 401").
func tokenAnswers400or401(ctx context.Context) {
	w := requireTokenResponse(ctx)
	expect(ctx, w.last.Status == 400 || w.last.Status == 401, "the HTTP status of the token response (RFC 6749 §5.2)", "400 or 401", statusWithError(w), implementation)
	checkJSONBody(ctx, w)
}

// refusesMethod judges the answer to a GET (token.MethodRefused).
func refusesMethod(ctx context.Context) error {
	r, err := lastAnswer(ctx)
	if err != nil {
		return err
	}
	report(ctx, token.MethodRefused(r))
	return nil
}

// challengesClient judges the challenge of an invalid_client answer to a
// client that used the Authorization header (token.BasicChallenge).
func challengesClient(ctx context.Context) error {
	w := requireTokenResponse(ctx)
	if w.client.AuthMethod != "client_secret_basic" {
		return outcome.NotApplicable("the client authenticates with %s, not with the Authorization header", w.client.AuthMethod)
	}
	report(ctx, token.BasicChallenge(w.last.Header.Values("WWW-Authenticate")))
	return nil
}

// checkJSONBody is the body half of tokenAnswersWith.
func checkJSONBody(ctx context.Context, w *World) {
	ct := w.last.Header.Get("Content-Type")
	expect(ctx, oauth.IsJSON(ct), "the Content-Type of the token response (RFC 6749 §5.1, §5.2)", "application/json", orNone(ct), implementation)
	require.NotNil(T(ctx), w.last)
	expect(ctx, w.lastTokenErr == nil, "the token response body", "a JSON object", errText(w.lastTokenErr)+": "+bodySnippet(w.last.Body), implementation)
}

// clientUsesMethod ends the scenario as not applicable when the target
// file declares another authentication method for the client.
func clientUsesMethod(ctx context.Context, role, method string) error {
	w := WorldFrom(ctx)
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	if c.AuthMethod != method {
		return outcome.NotApplicable("the target file declares %s for the %s client, not %s", c.AuthMethod, role, method)
	}
	return nil
}
