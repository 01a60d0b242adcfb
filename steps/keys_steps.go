package steps

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/jwkcheck"
	"github.com/toets/toets/internal/outcome"
)

// The steps of the published key set (RFC 7517, RFC 7518). The checks live
// in internal/jwkcheck, which issue 6 reuses for client key sets.
func registerKeys(sc *godog.ScenarioContext) {
	sc.Step(`^the client fetches the JSON Web Key Set$`, fetchJWKS)
	sc.Step(`^no key in the set holds private or symmetric key material$`, keysCheck(jwkcheck.PublicOnly, "the members of the published keys (RFC 7517 §9.2; RFC 7518 §6.2.2, §6.3.2, §6.4)", "public key members only; no d, p, q, dp, dq, qi, oth, k; no kty oct"))
	sc.Step(`^every key in the set is strong enough$`, keysCheck(jwkcheck.Strength, "the strength of the published keys (RFC 7518 §3.3, §6.2.1.1)", "RSA of at least 2048 bits; EC on P-256, P-384 or P-521"))
	sc.Step(`^every RSA key in the set has the recommended 4096 bits$`, keysCheck(jwkcheck.Recommended, "the size of the published RSA keys (seed 003: 4096 bits recommended, 2048 the minimum)", "RSA moduli of 4096 bits"))
	sc.Step(`^no key in the set names an HS algorithm or none$`, keysCheck(jwkcheck.Algorithm, "alg of the published keys (RFC 7518 §3.1; RFC 8725 §3.1)", "an asymmetric algorithm, never HS* or none"))
	sc.Step(`^the key ids in the set are unique$`, keysCheck(jwkcheck.UniqueKID, "kid of the published keys (RFC 7517 §4.5)", "distinct kid values"))
	sc.Step(`^the key set was served over https with a Cache-Control header$`, jwksCached)
	sc.Step(`^every x5c leaf certificate in the set certifies its own key$`, x5cLeaves(jwkcheck.X5C, "a leaf that certifies the key's own public key"))
	sc.Step(`^every x5c leaf certificate in the set is within its validity period$`, x5cLeaves(jwkcheck.X5CValid, "a leaf valid now"))
}

func fetchJWKS(ctx context.Context) error {
	w := WorldFrom(ctx)
	w.jwksURL = w.env.Target.Endpoints.JWKS
	if w.jwksURL == "" {
		if err := w.env.Target.EndpointUnknown("jwks"); err != nil {
			// Broken metadata does not say the server has no key set.
			return outcome.WrapHarness(err)
		}
		return outcome.NotApplicable("neither the metadata (jwks_uri, RFC 8414 §2) nor the target file names a JWK Set")
	}
	req, err := http.NewRequest(http.MethodGet, w.jwksURL, nil)
	if err != nil {
		return outcome.Harness("the jwks_uri %q: %v", w.jwksURL, err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	resp, err := w.http.Do(ctx, req)
	w.last, w.jwks = resp, resp
	if err != nil {
		return err
	}
	require.Equalf(T(ctx), 200, resp.Status, "the key set at %s must be served with HTTP 200; received %d %s", w.jwksURL, resp.Status, bodySnippet(resp.Body))
	return nil
}

// keysCheck makes a step that runs the key set checks and fails on the
// findings of one of them; a set that is no set fails every such step.
func keysCheck(check, what, expected string) func(context.Context) {
	return func(ctx context.Context) {
		w := WorldFrom(ctx)
		require.NotNil(T(ctx), w.jwks, "no key set was fetched in this scenario")
		all := jwkcheck.CheckSet(w.jwks.Body)
		fs := append(jwkcheck.Only(all, jwkcheck.Syntax), jwkcheck.Only(all, check)...)
		var lines []string
		for _, f := range fs {
			lines = append(lines, f.String())
		}
		expect(ctx, len(fs) == 0, what, expected, strings.Join(lines, "; "), implementation)
	}
}

// jwksCached: the key set must come over TLS (RFC 8414 §2 for jwks_uri)
// and say how long it may be cached, so clients
// neither fetch it on every token nor hold a rotated key forever.
func jwksCached(ctx context.Context) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.jwks, "no key set was fetched in this scenario")
	u, err := url.Parse(w.jwksURL)
	expect(ctx, err == nil && u.Scheme == "https", "the scheme of jwks_uri (RFC 8414 §2: MUST use https)", "https", w.jwksURL, implementation)
	cc := w.jwks.Header.Values("Cache-Control")
	ok := hasDirective(cc, "max-age") || hasDirective(cc, "no-cache") || hasDirective(cc, "no-store") || w.jwks.Header.Get("Expires") != ""
	expect(ctx, ok, "the caching headers of the key set (RFC 9111 §5.2; seed 003)", "Cache-Control with max-age (or an explicit no-cache/no-store, or Expires)", orNone(strings.Join(cc, ", ")), implementation)
}

// x5cLeaves makes a step that runs one x5c check; a set without any x5c
// is not applicable.
func x5cLeaves(which, expected string) func(context.Context) error {
	const what = "the x5c certificate chains of the published keys (RFC 7517 §4.7; seed 003)"
	return func(ctx context.Context) error {
		w := WorldFrom(ctx)
		require.NotNil(T(ctx), w.jwks, "no key set was fetched in this scenario")
		var set struct {
			Keys []map[string]any `json:"keys"`
		}
		if err := json.Unmarshal(w.jwks.Body, &set); err != nil || set.Keys == nil {
			// A set that is no set is no proof that no key carries x5c: the
			// rule fails on the set's syntax, like every keys rule.
			keysCheck(which, what, expected)(ctx)
			return nil
		}
		has := false
		for _, k := range set.Keys {
			_, ok := k["x5c"]
			has = has || ok
		}
		if !has {
			return outcome.NotApplicable("no key in the set carries an x5c certificate chain")
		}
		keysCheck(which, what, expected)(ctx)
		return nil
	}
}
