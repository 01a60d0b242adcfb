package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/outcome"
)

// openIDConfigurationSuffix is the OpenID Connect Discovery 1.0 §4 path.
const openIDConfigurationSuffix = "/.well-known/openid-configuration"

// The OpenID Provider configuration (OpenID Connect Discovery 1.0), whose
// issuer rule (§4.3) differs from RFC 8414 §3.3's: the document is found
// from the Issuer URL the relying party already has (§4.1), and must name
// exactly that issuer.
func registerOpenIDConfiguration(sc *godog.ScenarioContext) {
	sc.Step(`^the client fetches the OpenID Provider configuration$`, fetchOpenIDConfiguration)
	sc.Step(`^the configuration's issuer is the Issuer URL that was used as the prefix of the well-known path$`, openIDIssuerMatches)
}

// discoveryIssuer is the Issuer URL the configuration is fetched for: the
// target file's issuer, or, without one, what its metadata_url names when
// that is an OpenID configuration URL.
func discoveryIssuer(w *World) string {
	if iss := w.env.Target.File.Issuer; iss != "" {
		return iss
	}
	if u := w.env.Target.File.MetadataURL; strings.HasSuffix(u, openIDConfigurationSuffix) {
		return strings.TrimSuffix(u, openIDConfigurationSuffix)
	}
	return ""
}

// fetchOpenIDConfiguration fetches Issuer + /.well-known/openid-configuration,
// the trailing / of the issuer removed first (§4.1).
func fetchOpenIDConfiguration(ctx context.Context) error {
	w := WorldFrom(ctx)
	issuer := discoveryIssuer(w)
	if issuer == "" {
		return outcome.NotApplicable("the target file names neither issuer nor an openid-configuration metadata_url, so there is no Issuer URL to discover from (OpenID Connect Discovery §4.1)")
	}
	w.metadataURL = strings.TrimSuffix(issuer, "/") + openIDConfigurationSuffix
	req, err := http.NewRequest(http.MethodGet, w.metadataURL, nil)
	if err != nil {
		return outcome.Harness("the issuer %q gives no valid discovery URL: %v", issuer, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	if err != nil {
		return fmt.Errorf("the OpenID Provider configuration at %s gave no usable response: %w", w.metadataURL, err)
	}
	if resp.Status == http.StatusNotFound {
		return outcome.NotApplicable("the server publishes no OpenID Provider configuration (404 at %s); Discovery is optional for an OpenID provider", w.metadataURL)
	}
	require.Equalf(T(ctx), 200, resp.Status, "the OpenID Provider configuration request (OpenID Connect Discovery §4.2) must be answered with 200; received %d %s", resp.Status, bodySnippet(resp.Body))
	err = json.Unmarshal(resp.Body, &w.metadata)
	require.NoErrorf(T(ctx), err, "the OpenID Provider configuration (§4.2) must be a JSON object: %s", bodySnippet(resp.Body))
	return nil
}

// openIDIssuerMatches is §4.3: "The issuer value returned MUST be identical
// to the Issuer URL that was used as the prefix to
// /.well-known/openid-configuration to retrieve the configuration
// information." Identical means character for character: a trailing slash
// more or less is another issuer, and ID tokens' iss is compared with it
// the same way (OIDC Core §3.1.3.7 item 2).
func openIDIssuerMatches(ctx context.Context) {
	md := requireMetadata(ctx)
	w := WorldFrom(ctx)
	want := discoveryIssuer(w)
	got, _ := md["issuer"].(string)
	expect(ctx, got == want, "issuer in the OpenID Provider configuration fetched from "+w.metadataURL+" (OpenID Connect Discovery §4.3: MUST be identical to the Issuer URL used as the prefix)", want, orNone(got), implementation)
}
