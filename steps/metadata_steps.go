package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/checks/metadata"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/scope"
)

// wellKnownSuffix is the RFC 8414 §3 well-known path segment.
const wellKnownSuffix = "/.well-known/oauth-authorization-server"

// The steps of the authorization server metadata (RFC 8414).
func registerMetadata(sc *godog.ScenarioContext) {
	sc.Step(`^the client fetches the authorization server metadata$`, fetchMetadata)
	sc.Step(`^the metadata issuer equals the URL it was fetched from without the well-known suffix$`, metadataIssuerMatches)
	sc.Step(`^the metadata holds issuer, the authorization and token endpoints and response_types_supported$`, metadataRequiredMembers)
	sc.Step(`^every endpoint in the metadata is an https URL$`, metadataEndpointsHTTPS)
	sc.Step(`^the metadata lists "([^"]+)" in ([a-z_]+)$`, metadataLists)
	sc.Step(`^the metadata lists S256 as a code challenge method$`, metadataListsS256)
	sc.Step(`^every test client's authentication method is listed in token_endpoint_auth_methods_supported$`, clientMethodsAdvertised)
	sc.Step(`^every test client authenticates at the token endpoint with its method$`, clientMethodsAccepted)
	sc.Step(`^every scope in scopes_supported and in the token response is an RFC 6749 scope-token$`, scopesAreTokens)
	registerOpenIDConfiguration(sc)
}

// fetchMetadata fetches the metadata again, so the exchange is evidence of
// this scenario.
func fetchMetadata(ctx context.Context) error {
	w := WorldFrom(ctx)
	w.metadataURL = w.env.Target.MetadataURL()
	req, err := http.NewRequest(http.MethodGet, w.metadataURL, nil)
	if err != nil {
		return outcome.Harness("the metadata URL %q: %v", w.metadataURL, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	if err != nil {
		return fmt.Errorf("the metadata at %s gave no usable response: %w", w.metadataURL, err)
	}
	if resp.Status == http.StatusNotFound && w.env.Target.DeclaresNoMetadata() {
		return outcome.NotApplicable("the server publishes no RFC 8414 metadata (404 at %s) and the target file names its endpoints; metadata is optional (RFC 8414 §3: servers \"supporting metadata\" publish it)", w.metadataURL)
	}
	// What the server sent leads the message: a broken document is the
	// server's verdict here, with the run going on at the file's endpoints.
	if !expect(ctx, resp.Status == http.StatusOK, "the answer to the metadata request at "+w.metadataURL+" (RFC 8414 §3.2)", "HTTP 200", fmt.Sprintf("HTTP %d %s", resp.Status, bodySnippet(resp.Body)), implementation) {
		return nil
	}
	if err := json.Unmarshal(resp.Body, &w.metadata); err != nil || w.metadata == nil {
		w.metadata = nil
		received := bodySnippet(resp.Body)
		if err != nil {
			received += " (" + err.Error() + ")"
		}
		expect(ctx, false, "the metadata document at "+w.metadataURL+" (RFC 8414 §3.2)", "a JSON object", received, implementation)
	}
	return nil
}

func requireMetadata(ctx context.Context) map[string]any {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.metadata, "no metadata was fetched in this scenario")
	return w.metadata
}

// metadataIssuerMatches is the check RFC 8414 §3.3 asks of every client:
// the issuer is the fetched URL with the well-known segment taken out.
func metadataIssuerMatches(ctx context.Context) error {
	md := requireMetadata(ctx)
	w := WorldFrom(ctx)
	u, err := url.Parse(w.metadataURL)
	if err != nil || !strings.HasPrefix(u.Path, wellKnownSuffix) {
		return outcome.NotApplicable("the metadata URL %s is not an RFC 8414 well-known URL (metadata_url in the target file), so the issuer cannot be derived from it", w.metadataURL)
	}
	u.Path = strings.TrimPrefix(u.Path, wellKnownSuffix)
	u.RawQuery, u.Fragment = "", ""
	want := u.String()
	got, _ := md["issuer"].(string)
	expect(ctx, got == want, "issuer in the metadata (RFC 8414 §3.3: MUST be identical to the URL the metadata was fetched from, minus the well-known segment)", want, orNone(got), implementation)
	return nil
}

func metadataRequiredMembers(ctx context.Context) {
	md := requireMetadata(ctx)
	var missing []string
	for _, name := range []string{"issuer", "authorization_endpoint", "token_endpoint"} {
		if s, _ := md[name].(string); s == "" {
			missing = append(missing, name)
		}
	}
	if list, _ := md["response_types_supported"].([]any); len(list) == 0 {
		missing = append(missing, "response_types_supported")
	}
	expect(ctx, len(missing) == 0, "the required metadata members (RFC 8414 §2; the endpoints are required since the server supports the code grant)", "issuer, authorization_endpoint, token_endpoint, response_types_supported", "missing: "+strings.Join(missing, ", "), implementation)
}

// metadataEndpointsHTTPS checks every member that names a URL the client
// sends requests or credentials to (RFC 8414 §2: "MUST use the https
// scheme" for the token endpoint, jwks_uri and the rest).
func metadataEndpointsHTTPS(ctx context.Context) {
	md := requireMetadata(ctx)
	var names, bad []string
	for name := range md {
		if name == "issuer" || strings.HasSuffix(name, "_endpoint") || name == "jwks_uri" || name == "registration_endpoint" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		s, _ := md[name].(string)
		if u, err := url.Parse(s); err != nil || u.Scheme != "https" || u.Host == "" {
			bad = append(bad, fmt.Sprintf("%s=%q", name, s))
		}
	}
	expect(ctx, len(bad) == 0, "the URLs in the metadata (RFC 8414 §2, §3.3; RFC 6749 §3.1, §3.2)", "https URLs with a host", strings.Join(bad, ", "), implementation)
}

func metadataLists(ctx context.Context, value, member string) {
	md := requireMetadata(ctx)
	list, _ := md[member].([]any)
	found := slices.Contains(list, any(value))
	expect(ctx, found, member+" in the metadata (RFC 8414 §2)", "a list holding "+value, orNone(fmt.Sprint(md[member])), implementation)
}

func clientMethodsAdvertised(ctx context.Context) {
	md := requireMetadata(ctx)
	var clients []metadata.Client
	for _, c := range WorldFrom(ctx).env.Target.Clients {
		clients = append(clients, metadata.Client{ID: c.ClientID, AuthMethod: c.AuthMethod})
	}
	report(ctx, metadata.AuthMethods(md, clients))
}

func metadataListsS256(ctx context.Context) {
	report(ctx, metadata.S256Listed(requireMetadata(ctx)))
}

// clientMethodsAccepted authenticates each test client with its method in a
// token request whose grant is wrong on purpose (an unknown code): a server
// that accepts the authentication answers invalid_grant or another §5.2
// code, one that refuses it answers invalid_client.
func clientMethodsAccepted(ctx context.Context) error {
	w := WorldFrom(ctx)
	var refused []string
	for i, c := range w.env.Target.Clients {
		w.client = c
		if err := postToken(ctx, url.Values{"grant_type": {"authorization_code"}, "code": {"toets-never-issued"}, "redirect_uri": {c.RedirectURI}}); err != nil {
			return err
		}
		if w.last.Status == 401 || (w.lastToken != nil && w.lastToken.Error == "invalid_client") {
			refused = append(refused, fmt.Sprintf("clients[%d] %s with %s: HTTP %d %s", i, c.ClientID, c.AuthMethod, w.last.Status, bodySnippet(w.last.Body)))
		}
	}
	expect(ctx, len(refused) == 0, "client authentication at the token endpoint with each test client's advertised method (RFC 6749 §2.3.1, RFC 8414 §2)", "no invalid_client", strings.Join(refused, "; "), configuration)
	return nil
}

// scopesAreTokens checks scopes_supported and the scope of the scenario's
// token response against RFC 6749 §3.3. (ID-porten's prefix:subscope
// naming, seed 004, is scope.CheckPrefixed; it becomes a rule of its own
// once the reference server's idporten profile names its scopes that way.)
func scopesAreTokens(ctx context.Context) {
	md := requireMetadata(ctx)
	w := WorldFrom(ctx)
	var bad []string
	check := func(where, s string) {
		if err := scope.CheckToken(s); err != nil {
			bad = append(bad, where+": "+err.Error())
		}
	}
	raw, _ := md["scopes_supported"].([]any)
	for i, v := range raw {
		s, ok := v.(string)
		if !ok {
			bad = append(bad, fmt.Sprintf("scopes_supported[%d] is not a string", i))
			continue
		}
		check(fmt.Sprintf("scopes_supported[%d]", i), s)
	}
	if w.tokens != nil && w.tokens.Scope != "" {
		if tokens, err := scope.Parse(w.tokens.Scope); err != nil {
			bad = append(bad, "the token response's scope: "+err.Error())
		} else {
			for _, t := range tokens {
				check("the token response's scope", t)
			}
		}
	}
	expect(ctx, len(bad) == 0, "the scopes the server advertises and grants (RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E ))", "only valid scope-tokens", strings.Join(bad, "; "), implementation)
}
