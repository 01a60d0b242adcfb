package steps

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/target"
)

func registerToken(sc *godog.ScenarioContext) {
	sc.Step(`^the client redeems the authorization code$`, redeemCode)
	sc.Step(`^the client has redeemed the authorization code$`, hasRedeemedCode)
	sc.Step(`^the client redeems the authorization code with the MedMij tracing headers$`, redeemCodeWithTracing)
	sc.Step(`^the client redeems the same authorization code a second time$`, redeemCode)
	sc.Step(`^the (primary|second) client redeems an authorization code that the server never issued$`, redeemUnknownCode)
	sc.Step(`^the token endpoint answers with HTTP (\d+) and a JSON body$`, tokenAnswersWith)
	sc.Step(`^the response holds an access token of type Bearer$`, holdsBearerToken)
	sc.Step(`^the response holds a positive expires_in$`, holdsPositiveExpiresIn)
	sc.Step(`^the response forbids caching with Cache-Control no-store and Pragma no-cache$`, forbidsCaching)
	sc.Step(`^the response forbids caching with Cache-Control no-store$`, forbidsStoring)
	sc.Step(`^the error is "([a-z_]+)"$`, errorIs)
	sc.Step(`^the error is "([a-z_]+)" or "([a-z_]+)"$`, errorIsEither)
	sc.Step(`^the error is an RFC 6749 §5\.2 code and not access_denied$`, errorIsTokenCode)
	registerTokenErrors(sc)
	registerTokenCode(sc)
	registerTokenRefresh(sc)
	registerTokenJWT(sc)
	registerTokenMTLS(sc)
	registerTokenScope(sc)
	registerTokenRefusals(sc)
}

// postToken sends a token request for the scenario's client and keeps the
// response as the one under test.
func postToken(ctx context.Context, form url.Values) error {
	w := WorldFrom(ctx)
	c := w.client
	req, err := oauth.TokenRequest(w.env.Target.Endpoints.Token, credentials(c), form)
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	return sendTokenRequest(ctx, req)
}

// credentials are a client's credentials as the target file declares them.
func credentials(c target.ResolvedClient) oauth.Credentials {
	return oauth.Credentials{ClientID: c.ClientID, Secret: c.SecretValue, Method: c.AuthMethod}
}

// sendTokenRequest sends a request to the token endpoint and keeps the
// response as the one under test; a successful one becomes the scenario's
// tokens.
func sendTokenRequest(ctx context.Context, req *http.Request) error {
	w := WorldFrom(ctx)
	resp, err := w.http.Do(ctx, req)
	w.last, w.lastToken, w.lastTokenErr = resp, nil, nil
	if err != nil {
		return fmt.Errorf("the token endpoint gave no usable response: %w", err)
	}
	w.lastToken, w.lastTokenErr = oauth.ParseTokenResponse(resp.Body)
	if resp.Status == 200 && w.lastTokenErr == nil && w.lastToken.AccessToken != "" {
		w.tokens = w.lastToken
	}
	return nil
}

// codeForm is the token request of RFC 6749 §4.1.3, with the PKCE
// verifier (RFC 7636 §4.5) when the authorization request had a challenge.
func codeForm(w *World, code string) url.Values {
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {w.client.RedirectURI}}
	if w.verifier != "" {
		form.Set("code_verifier", w.verifier)
	}
	return form
}

func redeemCode(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.code == "" {
		return outcome.Harness("no authorization code was obtained earlier in this scenario")
	}
	return postToken(ctx, codeForm(w, w.code))
}

// redeemCodeWithTracing adds the MedMij tracing headers (core.tknint.208),
// UUIDs as the afsprakenstelsel shows them, to the code exchange.
func redeemCodeWithTracing(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.code == "" {
		return outcome.Harness("no authorization code was obtained earlier in this scenario")
	}
	req, err := oauth.TokenRequest(w.env.Target.Endpoints.Token, credentials(w.client), codeForm(w, w.code))
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	req.Header.Set("MedMij-Request-ID", oauth.UUID())
	req.Header.Set("X-Correlation-ID", oauth.UUID())
	return sendTokenRequest(ctx, req)
}

// hasRedeemedCode is the precondition form: the exchange must succeed.
func hasRedeemedCode(ctx context.Context) error {
	if err := redeemCode(ctx); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	require.NotNilf(T(ctx), w.tokens, "precondition: redeeming a fresh code must give an access token; received HTTP %d %s", w.last.Status, bodySnippet(w.last.Body))
	return nil
}

func redeemUnknownCode(ctx context.Context, role string) error {
	w := WorldFrom(ctx)
	c, err := w.clientByRole(role)
	if err != nil {
		return err
	}
	w.client = c
	return postToken(ctx, codeForm(w, "toets-never-issued-"+oauth.Random(16)))
}

// requireTokenResponse ends the step when there is no response to judge.
func requireTokenResponse(ctx context.Context) *World {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no token response was received in this scenario")
	return w
}

func tokenAnswersWith(ctx context.Context, status int) {
	w := requireTokenResponse(ctx)
	// The error code goes with the status, so that a vendor sees both
	// even when the status is what fails first.
	expect(ctx, status == w.last.Status, "the HTTP status of the token response (RFC 6749 §5.1, §5.2)", fmt.Sprint(status), statusWithError(w), implementation)
	ct := w.last.Header.Get("Content-Type")
	expect(ctx, oauth.IsJSON(ct), "the Content-Type of the token response (RFC 6749 §5.1, §5.2)", "application/json", orNone(ct), implementation)
	expect(ctx, w.lastTokenErr == nil, "the token response body", "a JSON object", errText(w.lastTokenErr)+": "+bodySnippet(w.last.Body), implementation)
}

// statusWithError is the status of the last response with its error code,
// if it has one.
func statusWithError(w *World) string {
	got := fmt.Sprint(w.last.Status)
	if w.lastToken != nil && w.lastToken.Error != "" {
		got += " with error " + w.lastToken.Error
	}
	return got
}

func holdsBearerToken(ctx context.Context) {
	w := requireTokenResponse(ctx)
	tr := w.lastToken
	require.NotNil(T(ctx), tr, "the token response is not a JSON object")
	expect(ctx, tr.AccessToken != "", "access_token in the token response (RFC 6749 §5.1)", "a non-empty access_token", presence(tr.Raw, "access_token"), implementation)
	expect(ctx, strings.EqualFold(tr.TokenType, "bearer"), "token_type in the token response (RFC 6749 §5.1, §7.1; case-insensitive)", "Bearer", orNone(tr.TokenType), implementation)
}

func holdsPositiveExpiresIn(ctx context.Context) {
	w := requireTokenResponse(ctx)
	tr := w.lastToken
	require.NotNil(T(ctx), tr, "the token response is not a JSON object")
	got := "(absent)"
	if tr.ExpiresIn != nil {
		got = fmt.Sprint(*tr.ExpiresIn)
	}
	expect(ctx, tr.ExpiresIn != nil && *tr.ExpiresIn > 0, "expires_in in the token response (RFC 6749 §5.1)", "a positive number of seconds", got, implementation)
}

// forbidsCaching checks the two headers RFC 6749 §5.1 requires on every
// response that carries tokens or credentials.
func forbidsCaching(ctx context.Context) {
	w := requireTokenResponse(ctx)
	cc := w.last.Header.Values("Cache-Control")
	expect(ctx, hasDirective(cc, "no-store"), "the Cache-Control header of the token response (RFC 6749 §5.1)", "no-store", orNone(strings.Join(cc, ", ")), implementation)
	pragma := w.last.Header.Values("Pragma")
	expect(ctx, hasDirective(pragma, "no-cache"), "the Pragma header of the token response (RFC 6749 §5.1)", "no-cache", orNone(strings.Join(pragma, ", ")), implementation)
}

// forbidsStoring checks Cache-Control alone, for responses whose source
// asks no Pragma (MedMij's reading of token errors, error-responses.feature).
func forbidsStoring(ctx context.Context) {
	w := requireTokenResponse(ctx)
	cc := w.last.Header.Values("Cache-Control")
	expect(ctx, hasDirective(cc, "no-store"), "the Cache-Control header of a token error response (MedMij token exceptions, core.tknint.207, as toets reads them; RFC 6749 §5.2 itself asks none)", "no-store", orNone(strings.Join(cc, ", ")), implementation)
}

// hasDirective reports whether a comma-separated header holds a directive,
// case-insensitively, with or without a value.
func hasDirective(values []string, directive string) bool {
	for _, v := range values {
		for _, d := range strings.Split(v, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, directive) {
				return true
			}
		}
	}
	return false
}

func errorIs(ctx context.Context, code string) {
	w := requireTokenResponse(ctx)
	got := "(no error member)"
	if w.lastToken != nil && w.lastToken.Error != "" {
		got = w.lastToken.Error
	}
	expectEqual(ctx, code, got, "the error code of the token response (RFC 6749 §5.2)", implementation)
}

// errorIsEither is for requests two §5.2 codes describe equally well, such
// as a missing code_verifier: a missing required parameter (invalid_request)
// as much as a grant that does not verify (invalid_grant).
func errorIsEither(ctx context.Context, one, other string) {
	w := requireTokenResponse(ctx)
	got := "(no error member)"
	if w.lastToken != nil && w.lastToken.Error != "" {
		got = w.lastToken.Error
	}
	expect(ctx, got == one || got == other, "the error code of the token response (RFC 6749 §5.2)", one+" or "+other, got, implementation)
}

// errorIsTokenCode is RFC0015 in one step: the token interface speaks only
// the §5.2 vocabulary.
func errorIsTokenCode(ctx context.Context) {
	w := requireTokenResponse(ctx)
	got := "(no error member)"
	if w.lastToken != nil {
		got = orNone(w.lastToken.Error)
	}
	ok := w.lastToken != nil && oauth.IsTokenErrorCode(w.lastToken.Error)
	expect(ctx, ok, "the error code of the token response (RFC 6749 §5.2; MedMij RFC0015: never access_denied at the token interface)",
		"one of "+strings.Join(oauth.ErrorCodes, ", "), got, implementation)
	if w.lastToken != nil && w.lastToken.ErrorDescription != "" {
		bad := oauth.BadDescriptionChars(w.lastToken.ErrorDescription)
		expect(ctx, len(bad) == 0, "the characters of error_description (RFC 6749 §5.2)", "only %x20-21 / %x23-5B / %x5D-7E", fmt.Sprintf("%q", string(bad)), implementation)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func errText(err error) string {
	if err == nil {
		return "a JSON object"
	}
	return err.Error()
}

func presence(raw map[string]any, key string) string {
	if _, ok := raw[key]; ok {
		return key + " present but empty or not a string"
	}
	return key + " absent"
}

// bodySnippet shows the start of a body in a message.
func bodySnippet(b []byte) string {
	const max = 300
	s := strings.TrimSpace(string(b))
	if len(s) > max {
		s = s[:max] + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}
