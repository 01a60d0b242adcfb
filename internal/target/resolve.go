package target

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/toets/toets/internal/bounded"
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
	// MetadataProblem says what was wrong with the metadata the server
	// sent ("answered HTTP 500", "is not a JSON object: ..."); empty when
	// it was read or not fetched. A broken document is the server's fault
	// (the metadata rules fail on it): the run goes on with the file's
	// endpoints, and EndpointUnknown names the key that would replace it.
	MetadataProblem string
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
	if err := t.checkIssuerScheme(); err != nil {
		errs = append(errs, err)
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
	pem, err := bounded.ReadFile(file, bounded.CABundle, "PEM file")
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
		pem, err := bounded.ReadFile(abs(c.CAFile), bounded.CABundle, "tls.ca_file")
		if err != nil {
			return cfg, nil, err
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
		cert, err := loadKeyPair(abs(c.ClientCert), abs(c.ClientKey))
		if err != nil {
			return cfg, caPEM, fmt.Errorf("tls.client_cert/client_key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, caPEM, nil
}

// IssuerURL is the issuer, or without one the metadata URL: the URL whose
// scheme says whether the server promised TLS (record.Options.Issuer).
func (t *Target) IssuerURL() string {
	if t.File.Issuer != "" {
		return t.File.Issuer
	}
	return t.File.MetadataURL
}

// checkIssuerScheme allows an http issuer on a loopback address only, with a
// notice: there no credential leaves the machine. Anywhere else plain http
// would carry client secrets, codes and passwords readable on the path, so
// toets does not run against it.
//
// Under an https issuer, a URL the file itself writes with http is the
// file's mistake: toets would refuse every request to it (record's
// ErrPlainHTTP), so it is reported here, once, instead of in every rule.
func (t *Target) checkIssuerScheme() error {
	u, err := url.Parse(t.IssuerURL())
	if err != nil {
		return nil
	}
	if strings.EqualFold(u.Scheme, "https") {
		return t.checkFileURLsHTTPS()
	}
	if !strings.EqualFold(u.Scheme, "http") {
		return nil
	}
	key := "issuer"
	if t.File.Issuer == "" {
		key = "metadata_url"
	}
	if !Loopback(u.Hostname()) {
		return fmt.Errorf("%s %s is plain http on a host that is not loopback: toets sends credentials over https only (plain http only to 127.0.0.0/8, ::1 or localhost); use the server's https URL", key, t.IssuerURL())
	}
	t.Notices = append(t.Notices, fmt.Sprintf("the %s %s is plain http: allowed because it is a loopback address, where no credential leaves this machine; a real server must use https (RFC 6749 §3.1, §3.2)", key, t.IssuerURL()))
	return nil
}

func (t *Target) checkFileURLsHTTPS() error {
	f := t.File
	urls := []struct{ key, v string }{
		{"metadata_url", f.MetadataURL}, {"resource.url", f.Resource.URL},
		{"endpoints.authorization", f.Endpoints.Authorization}, {"endpoints.token", f.Endpoints.Token},
		{"endpoints.jwks", f.Endpoints.JWKS}, {"endpoints.introspection", f.Endpoints.Introspection},
		{"endpoints.revocation", f.Endpoints.Revocation}, {"test_control.clock_url", f.TestControl.ClockURL},
	}
	for i, r := range f.Rights {
		urls = append(urls, struct{ key, v string }{fmt.Sprintf("rights[%d].url", i), r.URL})
	}
	var errs []error
	for _, u := range urls {
		if p, err := url.Parse(u.v); err == nil && strings.EqualFold(p.Scheme, "http") {
			errs = append(errs, fmt.Errorf("%s %s is plain http but the issuer is https: toets sends no credential in plain text; use the https URL", u.key, u.v))
		}
	}
	return errors.Join(errs...)
}

// Loopback reports whether host (without port) is 127.0.0.0/8, ::1 or
// localhost.
func Loopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loadKeyPair is tls.LoadX509KeyPair with capped reads (package bounded).
func loadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, err := bounded.ReadFile(certFile, bounded.Secret, "tls.client_cert")
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM, err := bounded.ReadFile(keyFile, bounded.Secret, "tls.client_key")
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
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

// DeclaresNoMetadata tells whether the target file describes a server
// without RFC 8414 metadata: no metadata_url, and the authorization and
// token endpoints named in the file. Metadata is optional (RFC 8414 §3:
// servers "supporting metadata" publish it), so for such a server a 404 at
// the well-known URL is no fault; only a server that offers metadata (or a
// file that points at it) can fail the metadata rules.
func (t *Target) DeclaresNoMetadata() bool {
	f := t.File
	return f.MetadataURL == "" && f.Endpoints.Authorization != "" && f.Endpoints.Token != ""
}

// ErrForeignHost marks a metadata endpoint on a host the target file does
// not name. Unlike a broken document it is for the file to settle: the
// endpoint may be right and only missing under endpoints.
var ErrForeignHost = errors.New("a host the target file does not name")

// Discover completes the endpoints from the metadata document body.
// Endpoints on hosts the target file does not name are refused
// (ErrForeignHost): the metadata must not be able to send toets's
// credentials elsewhere. A body that is not a JSON object is recorded as
// MetadataProblem. Endpoints still unknown afterwards are not an error
// here: EndpointUnknown says so to the rules that need them.
func (t *Target) Discover(body []byte) error {
	var md map[string]any
	if err := json.Unmarshal(body, &md); err != nil {
		t.MetadataProblem = fmt.Sprintf("is not a JSON object (%v): %s", err, snippet(body))
		return fmt.Errorf("the metadata at %s %s", t.MetadataURL(), t.MetadataProblem)
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
			errs = append(errs, fmt.Errorf("metadata %s points to %s, %w; add it under endpoints if it is right", key, u.Host, ErrForeignHost))
			return
		}
		*dst = s
	}
	fill(&t.Endpoints.Authorization, "authorization_endpoint")
	fill(&t.Endpoints.Token, "token_endpoint")
	fill(&t.Endpoints.JWKS, "jwks_uri")
	fill(&t.Endpoints.Introspection, "introspection_endpoint")
	fill(&t.Endpoints.Revocation, "revocation_endpoint")
	return errors.Join(errs...)
}

// endpointKeys are the endpoints a rule may need: the target file's key
// under endpoints, the RFC 8414 member, and whether a server without it can
// still be judged (an optional endpoint that valid metadata does not name
// makes its rules not applicable).
var endpointKeys = map[string]struct {
	member   string
	optional bool
}{
	"authorization": {"authorization_endpoint", false},
	"token":         {"token_endpoint", false},
	"jwks":          {"jwks_uri", true},
	"introspection": {"introspection_endpoint", true},
	"revocation":    {"revocation_endpoint", true},
}

// EndpointUnknown says why a rule cannot have the endpoint key (the name
// under endpoints in the target file: authorization, token, jwks,
// introspection, revocation) and which key of the target file would fix
// it. It is nil when the endpoint is known, and for an optional endpoint
// that readable metadata simply does not advertise: the server does not
// offer it, and its rules are not applicable.
func (t *Target) EndpointUnknown(key string) error {
	k, ok := endpointKeys[key]
	if !ok {
		return fmt.Errorf("toets knows no endpoint %q", key)
	}
	if t.endpoint(key) != "" {
		return nil
	}
	switch {
	case t.MetadataProblem != "":
		return fmt.Errorf("the %s endpoint is unknown: the metadata at %s %s, and the target file names no endpoints.%s; set endpoints.%s in the target file (or fix the server's metadata)", key, t.MetadataURL(), t.MetadataProblem, key, key)
	case t.Metadata == nil && !k.optional:
		return fmt.Errorf("the %s endpoint is unknown: the target file names no endpoints.%s and no metadata was read; set endpoints.%s in the target file", key, key, key)
	case !k.optional:
		return fmt.Errorf("the %s endpoint is unknown: the metadata has no usable %s and the target file names no endpoints.%s; set endpoints.%s in the target file", key, k.member, key, key)
	}
	return nil
}

func (t *Target) endpoint(key string) string {
	switch key {
	case "authorization":
		return t.Endpoints.Authorization
	case "token":
		return t.Endpoints.Token
	case "jwks":
		return t.Endpoints.JWKS
	case "introspection":
		return t.Endpoints.Introspection
	case "revocation":
		return t.Endpoints.Revocation
	}
	return ""
}

// snippet is the start of a body a server sent, for a message.
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	if s == "" {
		return "(an empty body)"
	}
	return fmt.Sprintf("%q", s)
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
