package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/checks/resource"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/wwwauth"
)

// The steps of the resource interface's refusals (RFC 6750 §3) and of the
// MedMij additions (OperationOutcome, tracing headers, no BSN).
func registerResourceRefusals(sc *godog.ScenarioContext) {
	sc.Step(`^the client requests the resource without an access token$`, requestResourceWithoutToken)
	sc.Step(`^the client requests the resource with an access token the server never issued$`, requestResourceWithUnknownToken)
	sc.Step(`^the client requests the resource with the expired access token$`, requestResourceWithHeader)
	sc.Step(`^the client requests the resource with (a Bearer credential that is no b64token|two Authorization headers with a Bearer token)$`, requestResourceMalformed)
	sc.Step(`^the client requests the resource with the access token in the query string only$`, requestResourceWithQueryToken)
	sc.Step(`^the client requests the resource with a token of the second client that lacks the data scope$`, requestResourceWithStatusToken)
	sc.Step(`^the client requests the resource with the MedMij tracing headers$`, requestResourceWithTracing)
	sc.Step(`^the client requests the resource naming another person as patient and by BSN$`, requestResourceNamingAnother)
	sc.Step(`^the second client has obtained an access token with the client credentials grant$`, obtainClientCredentialsToken)
	sc.Step(`^the response challenges with the Bearer scheme and error "([a-z_]+)"$`, challengeWithError)
	sc.Step(`^the client has revoked the access token the resource serves$`, revokeServedToken)
	sc.Step(`^the client requests the resource with the revoked access token$`, requestResourceWithRevokedToken)
	sc.Step(`^the resource endpoint refuses with a Bearer challenge$`, judgeResource(resource.Refusal))
	sc.Step(`^the resource endpoint answers with HTTP 401 and a Bearer challenge without an error code$`, judgeResource(resource.Unauthenticated))
	sc.Step(`^the resource endpoint answers with HTTP 401 and error invalid_token$`, judgeResource(resource.Invalid))
	sc.Step(`^the resource endpoint answers with HTTP 403 and error insufficient_scope$`, judgeResource(resource.Insufficient))
	sc.Step(`^the response body is a FHIR OperationOutcome with issue code security$`, operationOutcomeSecurity)
	sc.Step(`^the resource endpoint refuses the data with HTTP 403 or answers with an empty FHIR Bundle$`, lateRefusal)
}

// getResource sends a GET to the resource URL of the target file, edited by
// edit, and keeps the response as the one under test.
func getResource(ctx context.Context, edit func(*http.Request)) error {
	w := WorldFrom(ctx)
	req, err := http.NewRequest(http.MethodGet, w.env.Target.File.Resource.URL, nil)
	if err != nil {
		return outcome.Harness("resource.url in the target file: %v", err)
	}
	req.Header.Set("Accept", "application/fhir+json")
	if edit != nil {
		edit(req)
	}
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	return err
}

func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// requireToken ends the step with a harness error when no token was
// obtained earlier in the scenario.
func requireToken(w *World) (string, error) {
	if w.tokens == nil || w.tokens.AccessToken == "" {
		return "", outcome.Harness("no access token was obtained earlier in this scenario")
	}
	return w.tokens.AccessToken, nil
}

func requestResourceWithoutToken(ctx context.Context) error { return getResource(ctx, nil) }

// requestResourceWithUnknownToken sends a well-formed b64token (RFC 6750
// §2.1) that no server issued.
func requestResourceWithUnknownToken(ctx context.Context) error {
	return getResource(ctx, bearer("toets-never-issued-"+oauth.Random(24)))
}

// requestResourceMalformed breaks RFC 6750 §2.1 in one of two ways: a
// credential with a space and quotes (not a b64token), or the header sent
// twice (§3.1: "repeats the same parameter").
func requestResourceMalformed(ctx context.Context, how string) error {
	if strings.HasPrefix(how, "two") {
		tok := "toets-never-issued-" + oauth.Random(24)
		return getResource(ctx, func(r *http.Request) {
			r.Header.Add("Authorization", "Bearer "+tok)
			r.Header.Add("Authorization", "Bearer "+tok)
		})
	}
	return getResource(ctx, func(r *http.Request) { r.Header.Set("Authorization", `Bearer not "a" b64token`) })
}

// requestResourceWithQueryToken sends the token only as access_token in the
// query (RFC 6750 §2.3), which MedMij core.rscint.200 and RFC 9700 §4.3.2
// rule out: a URL ends up in logs and Referer headers.
func requestResourceWithQueryToken(ctx context.Context) error {
	w := WorldFrom(ctx)
	tok, err := requireToken(w)
	if err != nil {
		return err
	}
	return getResource(ctx, func(r *http.Request) {
		q := r.URL.Query()
		q.Set("access_token", tok)
		r.URL.RawQuery = q.Encode()
	})
}

func requestResourceWithStatusToken(ctx context.Context) error {
	if err := obtainClientCredentialsToken(ctx); err != nil {
		return err
	}
	return requestResourceWithHeader(ctx)
}

// requestResourceWithTracing adds the MedMij tracing headers
// (core.rscint.201) to a request with a valid token.
func requestResourceWithTracing(ctx context.Context) error {
	w := WorldFrom(ctx)
	tok, err := requireToken(w)
	if err != nil {
		return err
	}
	return getResource(ctx, func(r *http.Request) {
		bearer(tok)(r)
		r.Header.Set("MedMij-Request-ID", oauth.Random(16))
		r.Header.Set("X-Correlation-ID", oauth.Random(16))
	})
}

// requestResourceNamingAnother adds patient= and bsn= naming another test
// person (MedMij core.rscint.203): the person must come from the token
// only. The BSN is the standard test number that passes the 11-test.
func requestResourceNamingAnother(ctx context.Context) error {
	w := WorldFrom(ctx)
	tok, err := requireToken(w)
	if err != nil {
		return err
	}
	other, err := w.userByRole("without data")
	if err != nil {
		return err
	}
	return getResource(ctx, func(r *http.Request) {
		bearer(tok)(r)
		r.URL.RawQuery = url.Values{"patient": {other.Username}, "bsn": {"999999011"}}.Encode()
	})
}

// obtainClientCredentialsToken gets a token of the second client without a
// person (RFC 6749 §4.4): valid, but not for any person's data. A target
// that does not offer the grant, or a second client that may not use it,
// leaves the rule not applicable: the grant is optional.
func obtainClientCredentialsToken(ctx context.Context) error {
	w := WorldFrom(ctx)
	if len(w.env.Target.Clients) < 2 {
		return outcome.Missing("clients[1]", "this rule needs a second client's token for itself (the client_credentials grant)")
	}
	if err := requireGrantType(w, "client_credentials"); err != nil {
		return err
	}
	if !w.clientCredentialsOffered() {
		return outcome.NotApplicable("the target file's clients[1].grant_types leave out client_credentials, and this rule needs a second client's token for itself")
	}
	w.client = w.env.Target.Clients[1]
	if err := postToken(ctx, url.Values{"grant_type": {"client_credentials"}}); err != nil {
		return err
	}
	if w.tokens == nil {
		return outcome.NotApplicable("the second client (clients[1]) got no token with the client_credentials grant (HTTP %d %s): if it may not use that grant, say so with clients[1].grant_types; token-cc-* judge the grant itself", w.last.Status, bodySnippet(w.last.Body))
	}
	return nil
}

// judgeResource hands the response under test to a check of
// internal/checks/resource.
func judgeResource(judge func(resource.Answer) []check.Finding) func(context.Context) {
	return func(ctx context.Context) {
		w := WorldFrom(ctx)
		require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
		report(ctx, judge(resource.Answer{Status: w.last.Status, Challenges: w.last.Header.Values("WWW-Authenticate"), Body: w.last.Body}))
	}
}

// revokeServedToken revokes the scenario's access token after the resource
// has served it once, so that the revocation is the one thing that changed:
// a token the resource never served proves nothing by being refused.
func revokeServedToken(ctx context.Context) error {
	w := WorldFrom(ctx)
	if _, err := revocationEndpoint(w); err != nil {
		return err
	}
	tok, err := requireToken(w)
	if err != nil {
		return err
	}
	if err := requestResourceWithHeader(ctx); err != nil {
		return err
	}
	if w.last.Status < 200 || w.last.Status >= 300 {
		return outcome.NotApplicable("the resource did not serve the access token before it was revoked (HTTP %d), so a refusal after revocation would prove nothing; resource-bearer-header judges that", w.last.Status)
	}
	if err := revoke(ctx, tok); err != nil {
		return err
	}
	require.Equalf(T(ctx), 200, w.last.Status, "precondition: revoking the access token (RFC 7009 §2.2) must succeed; received %s", answerOf(w))
	return nil
}

// revocationGrace is how long a revoked token may still be served: RFC
// 7009 §2.1 allows "a propagation delay, for example, in which some
// servers know about the invalidation while others do not".
const revocationGrace = 2 * time.Second

// requestResourceWithRevokedToken presents the revoked token, and again a
// few times within revocationGrace while the resource still serves it.
func requestResourceWithRevokedToken(ctx context.Context) error {
	deadline := time.Now().Add(revocationGrace)
	for {
		if err := requestResourceWithHeader(ctx); err != nil {
			return err
		}
		w := WorldFrom(ctx)
		if w.last.Status < 200 || w.last.Status >= 300 || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(revocationGrace / 4):
		}
	}
}

// bearerChallenge reads the Bearer challenge of the response under test
// with the RFC 9110 §11.6.1 parser.
func bearerChallenge(ctx context.Context) (wwwauth.Challenge, bool) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	lines := w.last.Header.Values("WWW-Authenticate")
	cs, err := wwwauth.Parse(lines)
	if !expect(ctx, err == nil, "the syntax of WWW-Authenticate (RFC 9110 §11.6.1)", "one or more challenges", errString(err)+": "+orNone(strings.Join(lines, " | ")), implementation) {
		return wwwauth.Challenge{}, false
	}
	c, ok := wwwauth.Find(cs, "Bearer")
	expect(ctx, ok, "the WWW-Authenticate header of the refusal (RFC 6750 §3: MUST)", "a Bearer challenge", orNone(strings.Join(lines, " | ")), implementation)
	return c, ok
}

func errString(err error) string {
	if err == nil {
		return "parsed"
	}
	return err.Error()
}

func challengeWithError(ctx context.Context, want string) {
	c, ok := bearerChallenge(ctx)
	if !ok {
		return
	}
	code, has := c.Param("error")
	if !has {
		code = "(no error attribute)"
	}
	expectEqual(ctx, want, code, "the error attribute of the Bearer challenge (RFC 6750 §3, §3.1)", implementation)
}

// operationOutcomeSecurity checks the Nictiz MM-3096 form of a refusal: a
// FHIR OperationOutcome with an issue of code security.
func operationOutcomeSecurity(ctx context.Context) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	var oo struct {
		ResourceType string `json:"resourceType"`
		Issue        []struct {
			Code string `json:"code"`
		} `json:"issue"`
	}
	err := json.Unmarshal(w.last.Body, &oo)
	found := false
	for _, i := range oo.Issue {
		found = found || i.Code == "security"
	}
	expect(ctx, err == nil && oo.ResourceType == "OperationOutcome" && found,
		"the body of the refusal (Nictiz FHIR error handling MM-3096, as MedMij uses it)",
		`a FHIR OperationOutcome with an issue of code "security"`, bodySnippet(w.last.Body), implementation)
}

// lateRefusal: the late availability check (seed 002) refuses at the
// resource interface with 403, or answers the search with an empty
// Bundle (the FHIR IG allows both); any other answer serves or breaks.
func lateRefusal(ctx context.Context) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	var b bundle
	emptyBundle := w.last.Status == 200 && json.Unmarshal(w.last.Body, &b) == nil && b.ResourceType == "Bundle" && len(b.Entry) == 0
	expect(ctx, w.last.Status == 403 || emptyBundle,
		"the resource response for a person whose data is unavailable after consent (late availability check, seed 002; MedMij Verantwoordelijkheden Zorg)",
		"HTTP 403, or HTTP 200 with an empty FHIR Bundle", fmt.Sprintf("HTTP %d %s", w.last.Status, bodySnippet(w.last.Body)), implementation)
}
