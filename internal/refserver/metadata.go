package refserver

import (
	"maps"
	"net/http"
	"slices"
)

// metadata is the authorization server metadata of RFC 8414 §2.
type metadata struct {
	Issuer                                    string   `json:"issuer"`
	AuthorizationEndpoint                     string   `json:"authorization_endpoint"`
	TokenEndpoint                             string   `json:"token_endpoint"`
	JWKSURI                                   string   `json:"jwks_uri"`
	IntrospectionEndpoint                     string   `json:"introspection_endpoint"`
	RevocationEndpoint                        string   `json:"revocation_endpoint"`
	ScopesSupported                           []string `json:"scopes_supported"`
	ResponseTypesSupported                    []string `json:"response_types_supported"`
	ResponseModesSupported                    []string `json:"response_modes_supported"`
	GrantTypesSupported                       []string `json:"grant_types_supported"`
	TokenEndpointAuthMethodsSupported         []string `json:"token_endpoint_auth_methods_supported"`
	IntrospectionEndpointAuthMethodsSupported []string `json:"introspection_endpoint_auth_methods_supported"`
	RevocationEndpointAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported"`
	// CodeChallengeMethodsSupported leaves plain out on purpose (see
	// authorize.go).
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
	// AuthorizationResponseIssParameterSupported: every authorization
	// response carries iss (RFC 9207 §3).
	AuthorizationResponseIssParameterSupported bool `json:"authorization_response_iss_parameter_supported"`
}

// handleMetadata publishes the server metadata at the well-known location
// (RFC 8414 §3). issuer equals the URL the document is fetched under, minus
// the well-known path, as §3.3 requires a client to check.
func (s *Server) handleMetadata(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, metadata{
		Issuer:                            s.issuer,
		AuthorizationEndpoint:             s.issuer + "/oauth/authorize",
		TokenEndpoint:                     s.issuer + "/oauth/token",
		JWKSURI:                           s.issuer + "/oauth/jwks",
		IntrospectionEndpoint:             s.issuer + "/oauth/introspect",
		RevocationEndpoint:                s.issuer + "/oauth/revoke",
		ScopesSupported:                   []string{dataScope, statusScope},
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		GrantTypesSupported:               slices.Sorted(maps.Keys(grants)),
		TokenEndpointAuthMethodsSupported: clientAuthMethods,
		IntrospectionEndpointAuthMethodsSupported:  clientAuthMethods,
		RevocationEndpointAuthMethodsSupported:     clientAuthMethods,
		CodeChallengeMethodsSupported:              []string{"S256"},
		AuthorizationResponseIssParameterSupported: true,
	})
}
