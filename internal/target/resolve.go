package target

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Target is a loaded target file with its secrets read, its TLS settings
// built and its endpoints known: what the scenarios work with.
type Target struct {
	File    *File
	Path    string
	Clients []ResolvedClient
	Users   []ResolvedUser
	TLS     *tls.Config
	// CAPEM is the content of tls.ca_file, for the browser to trust too.
	CAPEM []byte
	// BackChannelRoots are tls.back_channel_roots, read; nil without.
	BackChannelRoots *x509.CertPool
	// Endpoints are the file's overrides completed from the metadata.
	Endpoints Endpoints
	// Metadata is the RFC 8414 document as fetched (nil before Discover).
	Metadata map[string]any
	// Secrets are every secret value the file references, for redaction.
	Secrets []string
	// TestControlToken is test_control.token, read.
	TestControlToken string
	// Notices are warnings for the first page of the report.
	Notices []string
}

// ResolvedClient is a client with its secret read.
type ResolvedClient struct {
	Client
	SecretValue string
}

// ResolvedUser is a test user with the password read.
type ResolvedUser struct {
	User
	PasswordValue string
}

// Resolve reads the secrets and TLS material a file references. path is
// where the file was read from (relative paths in it are relative to its
// folder); it may be empty for a file made in memory.
func Resolve(f *File, path string) (*Target, error) {
	dir := "."
	if path != "" {
		dir = filepath.Dir(path)
	}
	t := &Target{File: f, Path: path, Endpoints: f.Endpoints}
	var errs []error
	read := func(what string, s Secret) string {
		r, err := s.Resolve(dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", what, err))
			return ""
		}
		if r.Literal {
			t.Notices = append(t.Notices, fmt.Sprintf("%s is written in the target file itself; use ${ENV_VAR} or file:PATH so it does not end up in version control", what))
		}
		if r.Value != "" {
			t.Secrets = append(t.Secrets, r.Value)
		}
		return r.Value
	}
	for i, c := range f.Clients {
		t.Clients = append(t.Clients, ResolvedClient{Client: c, SecretValue: read(fmt.Sprintf("clients[%d].secret", i), c.Secret)})
	}
	t.TestControlToken = read("test_control.token", f.TestControl.Token)
	for i, u := range f.Users {
		t.Users = append(t.Users, ResolvedUser{User: u, PasswordValue: read(fmt.Sprintf("users[%d].password", i), u.Password)})
	}
	cfg, caPEM, err := tlsConfig(f.TLS, dir)
	t.CAPEM = caPEM
	if err != nil {
		errs = append(errs, err)
	}
	t.TLS = cfg
	if t.BackChannelRoots, err = certPool(f.TLS.BackChannelRoots, dir); err != nil {
		errs = append(errs, fmt.Errorf("tls.back_channel_roots: %w", err))
	}
	if f.TLS.InsecureSkipVerify {
		t.Notices = append(t.Notices, "TLS certificate verification is switched off (tls.insecure_skip_verify): this run proves nothing about the target's certificates and is not evidence for acceptance")
	}
	return t, errors.Join(errs...)
}

// certPool reads a PEM file of certificates (relative to dir); nil for "".
func certPool(file, dir string) (*x509.CertPool, error) {
	if file == "" {
		return nil, nil
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", file)
	}
	return pool, nil
}

func tlsConfig(c TLS, dir string) (*tls.Config, []byte, error) {
	var caPEM []byte
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.InsecureSkipVerify} //nolint:gosec // a documented, reported escape hatch
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	if c.CAFile != "" {
		pem, err := os.ReadFile(abs(c.CAFile))
		if err != nil {
			return cfg, nil, fmt.Errorf("tls.ca_file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return cfg, nil, fmt.Errorf("tls.ca_file %s holds no PEM certificate", c.CAFile)
		}
		cfg.RootCAs = pool
		caPEM = pem
	}
	if c.ClientCert != "" || c.ClientKey != "" {
		cert, err := tls.LoadX509KeyPair(abs(c.ClientCert), abs(c.ClientKey))
		if err != nil {
			return cfg, caPEM, fmt.Errorf("tls.client_cert/client_key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, caPEM, nil
}

// MetadataURL is where the RFC 8414 metadata is fetched from.
func (t *Target) MetadataURL() string {
	if t.File.MetadataURL != "" {
		return t.File.MetadataURL
	}
	// RFC 8414 §3.1: the well-known segment goes between host and path.
	u, err := url.Parse(t.File.Issuer)
	if err != nil {
		return ""
	}
	u.Path = "/.well-known/oauth-authorization-server" + strings.TrimSuffix(u.Path, "/")
	return u.String()
}

// AllowedHosts are the hosts the target file names. Requests, and above all
// credentials, go nowhere else.
func (t *Target) AllowedHosts() []string {
	var hosts []string
	f := t.File
	for _, s := range []string{f.Issuer, f.MetadataURL, f.Resource.URL, f.Endpoints.Authorization, f.Endpoints.Token, f.Endpoints.JWKS, f.Endpoints.Introspection, f.Endpoints.Revocation, f.TestControl.ClockURL} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		}
	}
	for _, r := range f.Rights {
		if u, err := url.Parse(r.URL); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		}
	}
	hosts = append(hosts, f.Browser.Hosts...)
	return hosts
}

// Discover completes the endpoints from the metadata document body.
// Endpoints on hosts the target file does not name are refused: the
// metadata must not be able to send toets's credentials elsewhere.
func (t *Target) Discover(body []byte) error {
	var md map[string]any
	if err := json.Unmarshal(body, &md); err != nil {
		return fmt.Errorf("the metadata at %s is not a JSON object: %v", t.MetadataURL(), err)
	}
	t.Metadata = md
	allowed := map[string]bool{}
	for _, h := range t.AllowedHosts() {
		allowed[strings.ToLower(h)] = true
	}
	var errs []error
	fill := func(dst *string, key string) {
		if *dst != "" {
			return
		}
		s, _ := md[key].(string)
		if s == "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			errs = append(errs, fmt.Errorf("metadata %s %q is not an absolute URL", key, s))
			return
		}
		if !allowed[strings.ToLower(u.Host)] {
			errs = append(errs, fmt.Errorf("metadata %s points to %s, a host the target file does not name; add it under endpoints if it is right", key, u.Host))
			return
		}
		*dst = s
	}
	fill(&t.Endpoints.Authorization, "authorization_endpoint")
	fill(&t.Endpoints.Token, "token_endpoint")
	fill(&t.Endpoints.JWKS, "jwks_uri")
	fill(&t.Endpoints.Introspection, "introspection_endpoint")
	fill(&t.Endpoints.Revocation, "revocation_endpoint")
	if t.Endpoints.Authorization == "" || t.Endpoints.Token == "" {
		errs = append(errs, errors.New("no authorization or token endpoint: neither the target file nor the metadata names one"))
	}
	return errors.Join(errs...)
}

// UserWithData returns the first user for whom the target holds data.
func (t *Target) UserWithData() (ResolvedUser, bool) {
	for _, u := range t.Users {
		if u.HasData && !u.LateUnavailable {
			return u, true
		}
	}
	return ResolvedUser{}, false
}

// UserLateUnavailable returns the first user who passes the early
// availability check but not the late one.
func (t *Target) UserLateUnavailable() (ResolvedUser, bool) {
	for _, u := range t.Users {
		if u.LateUnavailable {
			return u, true
		}
	}
	return ResolvedUser{}, false
}

// UserWithoutData returns the first user for whom the target holds no data.
func (t *Target) UserWithoutData() (ResolvedUser, bool) {
	for _, u := range t.Users {
		if !u.HasData {
			return u, true
		}
	}
	return ResolvedUser{}, false
}
