// Package target reads a target file: the YAML description of the server
// under test (where it is, which clients and test users it has, how its login
// and consent pages are driven). Secrets are never written in the file itself
// but referenced, as ${ENV_VAR} or file:PATH, and resolved at load time.
package target

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/toets/toets/internal/bounded"
	"github.com/toets/toets/internal/scope"
)

// File is a target file as written by a person.
type File struct {
	Name    string `yaml:"name"`
	Profile string `yaml:"profile"`
	// Issuer is the authorization server's issuer identifier; the metadata
	// is fetched from its RFC 8414 well-known URL unless MetadataURL is set.
	Issuer      string    `yaml:"issuer"`
	MetadataURL string    `yaml:"metadata_url,omitempty"`
	Endpoints   Endpoints `yaml:"endpoints,omitempty"`
	Resource    Resource  `yaml:"resource"`
	TLS         TLS       `yaml:"tls,omitempty"`
	Clients     []Client  `yaml:"clients"`
	Users       []User    `yaml:"users"`
	Scopes      Scopes    `yaml:"scopes"`
	Browser     Browser   `yaml:"browser"`
	// Agent is the user agent that does the person's part: "browser" (the
	// default, a real headless Chromium) or "http" (cookies and HTML forms,
	// no JavaScript; for plain pages, and for CI without a browser).
	Agent  string `yaml:"agent,omitempty"`
	Limits Limits `yaml:"limits,omitempty"`
	// TestControl is for test servers only (the embedded reference): how
	// toets may move the server's clock, so expiry is tested without
	// waiting. Leave it out for a real server; the expiry rules are then
	// not applicable.
	TestControl TestControl `yaml:"test_control,omitempty"`
	// Consent is what the consent question is expected to name.
	Consent Consent `yaml:"consent,omitempty"`
	// Rights are the target's data services, one scope each; clients[] and
	// users[] name the ones they hold (seed 000; rights.go).
	Rights []Right `yaml:"rights,omitempty"`
	// GrantTypes declare the grant types a server offers when its metadata
	// does not (no metadata, or no grant_types_supported, whose RFC 8414
	// §2 default is authorization_code and implicit). Where the metadata
	// lists them, the metadata is what counts.
	GrantTypes []string `yaml:"grant_types,omitempty"`
}

// Consent is what the target's consent question must name (MedMij
// core.usrint.102). The client's name is clients[].name.
type Consent struct {
	// Service is the data service's name (NaamGegevensdienst).
	Service string `yaml:"service,omitempty"`
	// Provider is the provider's name (NaamAanbieder).
	Provider string `yaml:"provider,omitempty"`
}

// Endpoints override what the metadata says; empty fields come from it.
type Endpoints struct {
	Authorization string `yaml:"authorization,omitempty"`
	Token         string `yaml:"token,omitempty"`
	JWKS          string `yaml:"jwks,omitempty"`
	Introspection string `yaml:"introspection,omitempty"`
	Revocation    string `yaml:"revocation,omitempty"`
}

// Resource says where the protected data lives.
type Resource struct {
	// URL is the absolute URL of a resource the granted scope gives access to.
	URL string `yaml:"url"`
}

// TLS configures how toets trusts the target.
type TLS struct {
	CAFile     string `yaml:"ca_file,omitempty"`
	ClientCert string `yaml:"client_cert,omitempty"`
	ClientKey  string `yaml:"client_key,omitempty"`
	// InsecureSkipVerify is for a person's local experiments only; it is
	// printed in the summary and on the first page of the report.
	InsecureSkipVerify bool `yaml:"insecure_skip_verify,omitempty"`
	// BackChannelRoots is a PEM file of the roots the back-channel
	// endpoints' certificates must chain to (MedMij core.tls.314: the
	// Staat der Nederlanden Private Root CA - G1), whatever ca_file allows.
	BackChannelRoots string `yaml:"back_channel_roots,omitempty"`
}

// Client is an OAuth client registered at the target for testing. Secret is
// the client secret, or for private_key_jwt the client's RSA private key in
// PEM.
type Client struct {
	Name        string `yaml:"name"`
	ClientID    string `yaml:"client_id"`
	AuthMethod  string `yaml:"auth_method"`
	Secret      Secret `yaml:"secret,omitempty"`
	RedirectURI string `yaml:"redirect_uri"`
	// Rights name the rights[] the client is registered with.
	Rights []string `yaml:"rights,omitempty"`
	// DefaultScopes are the scope-tokens the target adds to the client's
	// client_credentials tokens when the request names no scope (seed
	// 003: ACM's "default" scopes; RFC 6749 §3.3 "a pre-defined default
	// value"). Empty: the target declares none and the rule is not
	// applicable.
	DefaultScopes []string `yaml:"default_scopes,omitempty"`
	// GrantTypes, when given, are the grant types the client is registered
	// for. toets assumes the primary client is not registered for
	// client_credentials (the unauthorized_client rule); a server that lets
	// every client use every grant says so here, and that rule is then not
	// applicable.
	GrantTypes []string `yaml:"grant_types,omitempty"`
	// IDTokenAlg is the client's registered id_token_signed_response_alg
	// (OpenID Connect Registration §2); empty means its default, RS256.
	IDTokenAlg string `yaml:"id_token_signed_response_alg,omitempty"`
}

// User is a test person who can log in at the target.
type User struct {
	Name     string `yaml:"name"`
	Username string `yaml:"username"`
	Password Secret `yaml:"password"`
	// HasData says whether the target holds data for this person (the
	// MedMij availability check passes).
	HasData bool `yaml:"has_data"`
	// DisplayName is how the person's data names them, if known.
	DisplayName string `yaml:"display_name,omitempty"`
	// LateUnavailable marks a person who passes the availability check at
	// the authorization interface but for whom the resource interface finds
	// no data (MedMij RFC0015: the late check). has_data is true for them.
	LateUnavailable bool `yaml:"late_unavailable,omitempty"`
	// Rights name the rights[] the person has.
	Rights []string `yaml:"rights,omitempty"`
}

// Scopes are the scope values the suite requests.
type Scopes struct {
	// Granted is the scope a client requests for the data service.
	Granted string `yaml:"granted"`
	// Unknown is a syntactically valid scope the target does not know.
	Unknown string `yaml:"unknown,omitempty"`
	// Declinable is a second scope the person may decline on the consent
	// page while granting Granted (ID-porten per-scope consent).
	Declinable string `yaml:"declinable,omitempty"`
}

// Browser describes how a person gets through the target's pages.
type Browser struct {
	Login   []Action `yaml:"login"`
	Approve []Action `yaml:"approve"`
	Deny    []Action `yaml:"deny"`
	Cancel  []Action `yaml:"cancel,omitempty"`
	// DeclineScope unticks scopes.declinable on the consent page; the
	// approve script runs after it.
	DeclineScope []Action `yaml:"decline_scope,omitempty"`
	// Hosts are further hosts (host or host:port) whose pages the person
	// passes through and types into: an identity provider's login, an
	// iframe's origin. Named here, they are allowed like the issuer's.
	Hosts []string `yaml:"hosts,omitempty"`
}

// Action is one step of a login or consent script. Exactly one of CSS,
// XPath and Text selects the element.
type Action struct {
	Match    string `yaml:"match,omitempty"`
	Do       string `yaml:"do"`
	CSS      string `yaml:"css,omitempty"`
	XPath    string `yaml:"xpath,omitempty"`
	Text     string `yaml:"text,omitempty"`
	Frame    string `yaml:"frame,omitempty"` // CSS of the iframe whose document holds the element
	Value    string `yaml:"value,omitempty"`
	Optional bool   `yaml:"optional,omitempty"`
	Timeout  string `yaml:"timeout,omitempty"`
}

// TestControl is a test server's control hook.
type TestControl struct {
	// ClockURL takes POST advance=<Go duration> (form-encoded) with
	// Authorization: Bearer <token>, and moves the server's clock forward.
	ClockURL string `yaml:"clock_url,omitempty"`
	// Token is the bearer secret, as ${ENV_VAR} or file:PATH.
	Token Secret `yaml:"token,omitempty"`
}

// Limits are profile limits the target promises.
type Limits struct {
	MaxExpiresIn int `yaml:"max_expires_in,omitempty"`
}

// Secret is a reference to a secret value: "${ENV_VAR}", "file:PATH", or
// (discouraged, and reported as a notice) a literal value.
type Secret string

// Resolved is a secret with where it came from.
type Resolved struct {
	Value string
	// Literal is true when the target file held the value itself.
	Literal bool
}

// Resolve reads the secret. baseDir resolves relative file paths.
func (s Secret) Resolve(baseDir string) (Resolved, error) {
	v := strings.TrimSpace(string(s))
	switch {
	case v == "":
		return Resolved{}, nil
	case strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}"):
		name := v[2 : len(v)-1]
		val, ok := os.LookupEnv(name)
		if !ok {
			return Resolved{}, fmt.Errorf("environment variable %s is not set", name)
		}
		return Resolved{Value: val}, nil
	case strings.HasPrefix(v, "file:"):
		p := strings.TrimPrefix(v, "file:")
		if !filepath.IsAbs(p) {
			p = filepath.Join(baseDir, p)
		}
		b, err := bounded.ReadFile(p, bounded.Secret, "secret file")
		if err != nil {
			return Resolved{}, err
		}
		return Resolved{Value: strings.TrimRight(string(b), "\r\n")}, nil
	}
	return Resolved{Value: v, Literal: true}, nil
}

// Profiles are the profiles toets knows.
var Profiles = []string{"medmij", "oauth2", "oidc", "idporten", "acm"}

// Load reads and validates a target file. It reads at most
// bounded.TargetFile bytes, and only from a regular file.
func Load(path string) (*File, error) {
	b, err := bounded.ReadFile(path, bounded.TargetFile, "target file")
	if err != nil {
		return nil, err
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("target file %s: %w", path, err)
	}
	return f, nil
}

// Parse decodes and validates a target file's YAML. Unknown keys are an
// error: a misspelt key would otherwise silently change what is tested.
func Parse(b []byte) (*File, error) {
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a valid target file: %w", err)
	}
	return &f, f.Validate()
}

// Validate reports every problem of the file at once.
func (f *File) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if f.Issuer == "" && f.MetadataURL == "" {
		bad("issuer or metadata_url is required")
	}
	for _, u := range []struct{ name, v string }{{"issuer", f.Issuer}, {"metadata_url", f.MetadataURL}, {"resource.url", f.Resource.URL}} {
		if u.v == "" {
			continue
		}
		if p, err := url.Parse(u.v); err != nil || p.Host == "" || (p.Scheme != "https" && p.Scheme != "http") {
			bad("%s %q is not an absolute http(s) URL", u.name, u.v)
		}
	}
	if !contains(Profiles, f.Profile) {
		bad("profile %q is not one of %s", f.Profile, strings.Join(Profiles, ", "))
	}
	if f.Agent != "" && f.Agent != "browser" && f.Agent != "http" {
		bad("agent %q is not browser or http", f.Agent)
	}
	if len(f.Clients) == 0 {
		bad("at least one client is required")
	}
	for i, c := range f.Clients {
		if c.ClientID == "" || c.RedirectURI == "" {
			bad("clients[%d]: client_id and redirect_uri are required", i)
		}
		switch c.AuthMethod {
		case "client_secret_basic", "client_secret_post", "private_key_jwt":
			// For private_key_jwt, secret is the client's private key (PEM).
			if c.Secret == "" {
				bad("clients[%d]: %s needs a secret", i, c.AuthMethod)
			}
		case "none":
		case "tls_client_auth":
			// RFC 8705 §2.1: the client is authenticated by the
			// certificate toets presents, tls.client_cert.
			if f.TLS.ClientCert == "" || f.TLS.ClientKey == "" {
				bad("clients[%d]: tls_client_auth needs tls.client_cert and tls.client_key, the certificate registered for the client", i)
			}
		default:
			bad("clients[%d]: auth_method %q is not supported (client_secret_basic, client_secret_post, private_key_jwt, tls_client_auth, none)", i, c.AuthMethod)
		}
		for j, d := range c.DefaultScopes {
			if err := scope.CheckToken(d); err != nil {
				bad("clients[%d].default_scopes[%d]: %v (one scope-token per entry)", i, j, err)
			}
		}
	}
	if len(f.Users) == 0 {
		bad("at least one user is required")
	}
	if f.Scopes.Granted == "" {
		bad("scopes.granted is required")
	}
	errs = append(errs, f.validateRights()...)
	for _, h := range f.Browser.Hosts {
		if u, err := url.Parse("https://" + h); err != nil || u.Host != h || h == "" {
			bad("browser.hosts: %q is not a host or host:port (no scheme, no path)", h)
		}
	}
	for name, script := range map[string][]Action{"login": f.Browser.Login, "approve": f.Browser.Approve, "deny": f.Browser.Deny, "cancel": f.Browser.Cancel, "decline_scope": f.Browser.DeclineScope} {
		for i, a := range script {
			n := 0
			for _, s := range []string{a.CSS, a.XPath, a.Text} {
				if s != "" {
					n++
				}
			}
			if n > 1 || (n == 0 && a.Do != "wait_url") {
				bad("browser.%s[%d]: exactly one of css, xpath, text is required", name, i)
			}
			if a.Frame != "" && n == 0 {
				bad("browser.%s[%d]: frame needs css, xpath or text for the element inside the frame", name, i)
			}
		}
	}
	return errors.Join(errs...)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
