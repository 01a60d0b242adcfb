package refserver

import (
	"maps"
	"net/http"
	"slices"
	"strings"
)

// metadata is the authorization server metadata of RFC 8414 §2.
type metadata struct {
	Issuer                                    string   `json:"issuer"`
	AuthorizationEndpoint                     string   `json:"authorization_endpoint"`
	TokenEndpoint                             string   `json:"token_endpoint"`
	JWKSURI                                   string   `json:"jwks_uri"`
	IntrospectionEndpoint                     string   `json:"introspection_endpoint,omitempty"`
	RevocationEndpoint                        string   `json:"revocation_endpoint,omitempty"`
	ScopesSupported                           []string `json:"scopes_supported"`
	ResponseTypesSupported                    []string `json:"response_types_supported,omitempty"`
	ResponseModesSupported                    []string `json:"response_modes_supported"`
	GrantTypesSupported                       []string `json:"grant_types_supported"`
	TokenEndpointAuthMethodsSupported         []string `json:"token_endpoint_auth_methods_supported"`
	IntrospectionEndpointAuthMethodsSupported []string `json:"introspection_endpoint_auth_methods_supported,omitempty"`
	RevocationEndpointAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported,omitempty"`
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
	writeJSON(w, http.StatusOK, s.metadataDocument())
}

// metadataDocument is the metadata both well-known documents publish.
func (s *Server) metadataDocument() metadata {
	md := metadata{
		Issuer:                            s.issuer,
		AuthorizationEndpoint:             s.issuer + "/oauth/authorize",
		TokenEndpoint:                     s.tokenEndpoint(),
		JWKSURI:                           s.issuer + "/oauth/jwks",
		ScopesSupported:                   []string{s.dataScope(), statusScope},
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		GrantTypesSupported:               slices.Sorted(maps.Keys(grants)),
		TokenEndpointAuthMethodsSupported: clientAuthMethods,
		CodeChallengeMethodsSupported:     []string{"S256"},
		AuthorizationResponseIssParameterSupported: true,
	}
	if s.offersIntrospection() {
		md.IntrospectionEndpoint = s.issuer + "/oauth/introspect"
		md.RevocationEndpoint = s.issuer + "/oauth/revoke"
		md.IntrospectionEndpointAuthMethodsSupported = clientAuthMethods
		md.RevocationEndpointAuthMethodsSupported = clientAuthMethods
	}
	// The faults below each break one RFC 8414 §2 or §3.3 requirement.
	if s.faults.on("issuer-mismatch") {
		md.Issuer += "/"
	}
	if s.faults.on("metadata-no-response-types") {
		md.ResponseTypesSupported = nil
	}
	if s.faults.on("metadata-http-endpoint") {
		md.JWKSURI = "http://" + strings.TrimPrefix(md.JWKSURI, "https://")
	}
	if s.faults.on("code-response-type-missing") {
		md.ResponseTypesSupported = []string{"code id_token"}
	}
	if s.faults.on("s256-not-advertised") {
		md.CodeChallengeMethodsSupported = []string{"plain"}
	}
	if s.faults.on("auth-method-unadvertised") {
		md.TokenEndpointAuthMethodsSupported = []string{"client_secret_basic"}
	}
	if s.profile == "idporten" && s.faults.on("scope-not-prefixed") {
		// The fault: a scope named after the service alone, without the
		// organisation's prefix (seed 004).
		md.ScopesSupported = append(md.ScopesSupported, "medication")
	}
	if s.faults.on("scope-bad-chars") {
		md.ScopesSupported = append(md.ScopesSupported, `"`+providerName+`"`)
	}
	return md
}

// openIDConfiguration is the OpenID Provider metadata of OIDC Discovery 1.0
// §3: the RFC 8414 members and those an OpenID provider must add.
type openIDConfiguration struct {
	metadata
	SubjectTypesSupported            []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
}

// handleOpenIDConfiguration publishes the provider metadata at the OIDC
// Discovery location (§4), in the oidc profile only. Its issuer is the URL
// it is fetched from minus /.well-known/openid-configuration (§4.3), like
// the RFC 8414 document's.
func (s *Server) handleOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	if s.profile != "oidc" {
		http.NotFound(w, r)
		return
	}
	doc := openIDConfiguration{
		metadata:                         s.metadataDocument(),
		SubjectTypesSupported:            []string{"public"},
		IDTokenSigningAlgValuesSupported: []string{"RS256"},
	}
	if s.faults.on("oidc-discovery-issuer-mismatch") {
		doc.Issuer += "/"
	}
	writeJSON(w, http.StatusOK, doc)
}
