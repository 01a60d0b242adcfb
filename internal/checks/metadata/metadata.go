// Package metadata holds the checks of the authorization server metadata
// (RFC 8414) judged from the parsed document: each takes the JSON object
// as decoded (map[string]any) and returns what it found wrong.
package metadata

import (
	"fmt"
	"slices"
	"strings"

	"github.com/toets/toets/internal/check"
)

var (
	rfc9700_2_1_1 = check.Source{Doc: "RFC 9700", Section: "2.1.1", Quote: "It is RECOMMENDED for authorization servers to publish the element code_challenge_methods_supported in their Authorization Server Metadata [RFC8414] containing the supported PKCE challenge methods (which can be used by the client to detect PKCE support)."}
	rfc8414_2     = check.Source{Doc: "RFC 8414", Section: "2", Quote: "token_endpoint_auth_methods_supported OPTIONAL. JSON array containing a list of client authentication methods supported by this token endpoint. … If omitted, the default is \"client_secret_basic\""}
)

// PKCES256 is the check that the metadata announces S256. Publishing is
// RECOMMENDED, so a miss is a warning; plain beside S256 does not make it
// not applicable.
var PKCES256 = check.Unit{ID: "metadata.pkce-s256", Source: rfc9700_2_1_1,
	What: "code_challenge_methods_supported in the metadata"}

// AuthMethodsListed is the check that the metadata announces the method of
// every test client, an omitted list meaning client_secret_basic alone.
var AuthMethodsListed = check.Unit{ID: "metadata.auth-methods-listed", Source: rfc8414_2,
	What: "token_endpoint_auth_methods_supported against the methods the test clients are registered with"}

// S256Listed judges code_challenge_methods_supported.
func S256Listed(md map[string]any) []check.Finding {
	methods, present := memberStrings(md, "code_challenge_methods_supported")
	if slices.Contains(methods, "S256") {
		return nil
	}
	got := "code_challenge_methods_supported omitted (RFC 8414 §2: \"If omitted, the authorization server does not support PKCE\")"
	if present {
		got = fmt.Sprintf("code_challenge_methods_supported %s", show(methods))
	}
	return []check.Finding{PKCES256.Fail(`a list holding "S256"`, got, check.Implementation)}
}

// AdvertisedAuthMethods is token_endpoint_auth_methods_supported, or its
// RFC 8414 §2 default client_secret_basic when the member is omitted.
func AdvertisedAuthMethods(md map[string]any) []string {
	methods, present := memberStrings(md, "token_endpoint_auth_methods_supported")
	if !present {
		return []string{"client_secret_basic"}
	}
	return methods
}

// Client is a test client as this check needs it.
type Client struct {
	ID, AuthMethod string
}

// AuthMethods judges whether every test client's method is announced.
func AuthMethods(md map[string]any, clients []Client) []check.Finding {
	advertised := AdvertisedAuthMethods(md)
	var unlisted []string
	for _, c := range clients {
		if !slices.Contains(advertised, c.AuthMethod) {
			unlisted = append(unlisted, c.ID+" uses "+c.AuthMethod)
		}
	}
	if len(unlisted) == 0 {
		return nil
	}
	what := "advertised " + show(advertised)
	if _, present := md["token_endpoint_auth_methods_supported"]; !present {
		what = "token_endpoint_auth_methods_supported omitted, so client_secret_basic alone (RFC 8414 §2)"
	}
	return []check.Finding{AuthMethodsListed.Failf("every method a test client uses: listed", check.Configuration,
		"%s; not listed: %s", what, strings.Join(unlisted, "; "))}
}

// memberStrings reads a member as a list of strings; present says whether the
// member is there at all (JSON null counts as omitted).
func memberStrings(md map[string]any, member string) (out []string, present bool) {
	v, ok := md[member]
	if !ok || v == nil {
		return nil, false
	}
	list, _ := v.([]any)
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}

func show(list []string) string {
	if len(list) == 0 {
		return "[] (empty)"
	}
	return "[" + strings.Join(list, ", ") + "]"
}
