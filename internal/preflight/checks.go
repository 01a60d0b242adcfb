package preflight

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/target"
)

type checker struct {
	opts Options
	t    *target.Target
	r    *Report
	http *record.Client
	// accepted is a client whose redirect URI the authorization endpoint
	// accepted: the login check needs one to start a real flow.
	accepted *target.ResolvedClient
}

func (c *checker) run(ctx context.Context) {
	c.clientKeys()
	tlsCfg, ok := c.connect(ctx)
	if !ok {
		c.r.note("the metadata, JWKS, client, redirect URI and login checks did not run: the server could not be reached")
		return
	}
	tr := record.NewTransport(record.Options{
		TLS:          tlsCfg,
		AllowedHosts: c.t.AllowedHosts(),
		Issuer:       c.t.IssuerURL(),
		Timeout:      c.opts.Timeout,
		Secret:       c.opts.Redactor.Add,
	})
	defer tr.Close()
	c.http = tr.Client(&record.Log{})

	known := c.metadata(ctx)
	c.jwks(ctx)
	if !known {
		c.r.note("the client, redirect URI and login checks did not run: the authorization or token endpoint is unknown (name them under endpoints in the target file)")
		return
	}
	for i, cl := range c.t.Clients {
		c.clientCredentials(ctx, i, cl)
	}
	for i := range c.t.Clients {
		c.redirectURI(ctx, i, &c.t.Clients[i])
	}
	c.logins(ctx)
}

// connect checks that the issuer's host answers and, for https, that its
// certificate chain verifies with the target file's TLS settings. It returns
// the TLS configuration the other checks use.
//
// When the chain does not verify, every later HTTPS call would fail the
// same way and hide the other problems of the file. So the later checks run
// in a clearly labelled diagnostic mode: verification is replaced by pinning
// the exact certificate the server just presented. Credentials then go only
// to the server that showed that certificate, to a host the target file
// names, and only to find the rest of the configuration problems; toets run
// never does this (it stops on the TLS problem).
func (c *checker) connect(ctx context.Context) (*tls.Config, bool) {
	base := c.t.File.Issuer
	if base == "" {
		base = c.t.File.MetadataURL
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		c.r.problem("reachability", "", "the issuer %q is not an absolute URL; set issuer (or metadata_url) to the server's https URL", base)
		return nil, false
	}
	addr := u.Host
	if u.Port() == "" {
		port := "443"
		if u.Scheme == "http" {
			port = "80"
		}
		addr = net.JoinHostPort(u.Hostname(), port)
	}
	dctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(dctx, "tcp", addr)
	if err != nil {
		c.r.problem("reachability", "", "%s cannot be reached: %v; check issuer in the target file, and that the server runs and is reachable from this machine (proxy, firewall, VPN)", addr, err)
		return nil, false
	}
	defer conn.Close()
	c.r.passed("%s is reachable", addr)
	if u.Scheme != "https" {
		c.r.note("the issuer uses plain http: TLS was not checked (RFC 6749 §3.1 requires TLS for real servers)")
		return c.t.TLS, true
	}
	if c.t.TLS.InsecureSkipVerify {
		c.r.note("tls.insecure_skip_verify is set: the certificate was not verified, and a run with this file is no evidence for acceptance")
		return c.t.TLS, true
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.t.TLS != nil {
		cfg = c.t.TLS.Clone()
	}
	cfg.ServerName = u.Hostname()
	tc := tls.Client(conn, cfg)
	err = tc.HandshakeContext(dctx)
	if err == nil {
		c.r.passed("the TLS certificate of %s verifies against %s", u.Hostname(), c.roots())
		return c.t.TLS, true
	}
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		c.r.problem("tls", "", "the TLS handshake with %s failed: %v; check the server's TLS setup and, if it asks for a client certificate, tls.client_cert and tls.client_key", addr, err)
		return nil, false
	}
	c.r.problem("tls", "", "the certificate chain of %s does not verify against %s: %s; set tls.ca_file to the CA that signed it", u.Hostname(), c.roots(), verificationDetail(verr))
	if len(verr.UnverifiedCertificates) == 0 {
		return nil, false
	}
	leaf := verr.UnverifiedCertificates[0]
	sum := sha256.Sum256(leaf.Raw)
	c.r.note("DIAGNOSTIC MODE: because the certificate did not verify, the checks after the TLS check ran with verification replaced by pinning the certificate %s presented (subject %q, issued by %q, sha256 %s), only to find the other problems of this file; fix the TLS problem first, toets run never does this",
		u.Hostname(), leaf.Subject.String(), leaf.Issuer.String(), hex.EncodeToString(sum[:]))
	return pinned(c.t.TLS, leaf.Raw), true
}

// pinned accepts exactly one certificate, for the diagnostic mode above.
func pinned(base *tls.Config, leaf []byte) *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		cfg = base.Clone()
	}
	cfg.InsecureSkipVerify = true //nolint:gosec // replaced by the pin below
	cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 || string(raw[0]) != string(leaf) {
			return errors.New("preflight diagnostic mode: not the certificate presented during the TLS check")
		}
		return nil
	}
	return cfg
}

func (c *checker) roots() string {
	if ca := c.t.File.TLS.CAFile; ca != "" {
		return "tls.ca_file " + ca
	}
	return "the system roots"
}

func verificationDetail(verr *tls.CertificateVerificationError) string {
	var ua x509.UnknownAuthorityError
	if errors.As(verr.Err, &ua) && ua.Cert != nil {
		return fmt.Sprintf("no trusted CA signed it (the chain ends at %q)", ua.Cert.Issuer.String())
	}
	return verr.Err.Error()
}

// get fetches a URL. An error means there was no HTTP response; the
// caller decides whose fault that is.
func (c *checker) get(ctx context.Context, rawURL string) (*record.Response, error) {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	return c.http.Do(ctx, req)
}

// metadata fetches the RFC 8414 document, compares its issuer with the
// target file's and completes the endpoints. It returns false when the
// authorization or token endpoint is still unknown.
//
// A server that is reached but sends a broken document (an HTTP error, a
// body that is not JSON, no issuer) has made a mistake the metadata rules
// judge: that is a note, and the run uses the file's endpoints. It is a
// configuration problem only when the file does not name the endpoints the
// document should have given.
func (c *checker) metadata(ctx context.Context) bool {
	mdURL := c.t.MetadataURL()
	fix := "check issuer (the metadata is fetched from its RFC 8414 §3.1 well-known URL) or set metadata_url"
	broken := func(format string, a ...any) bool {
		c.t.MetadataProblem = fmt.Sprintf(format, a...)
		what := "the metadata at " + mdURL + " " + c.t.MetadataProblem
		if c.endpointsKnown() {
			c.r.note("%s; the metadata rules will fail on it, and the other rules use the endpoints of the target file", what)
			return true
		}
		c.r.problem("metadata", "", "%s, and the target file names no endpoints.authorization and endpoints.token to use instead; %s, or name the endpoints in the target file", what, fix)
		return false
	}
	resp, err := c.get(ctx, mdURL)
	switch {
	case err != nil && errors.Is(err, record.ErrPlainHTTP):
		c.r.problem("metadata", "", "the metadata URL %s is plain http: %v; %s", mdURL, err, fix)
		return c.endpointsKnown()
	case err != nil:
		c.r.problem("metadata", "", "fetching the metadata at %s: %v; %s", mdURL, err, fix)
		return c.endpointsKnown()
	case resp.Status == http.StatusNotFound && c.t.DeclaresNoMetadata():
		c.r.passed("no metadata at %s (404), and the target file names the endpoints: the metadata rules are not applicable", mdURL)
		return true
	case resp.Status != http.StatusOK:
		return broken("answered HTTP %d, not 200", resp.Status)
	}
	issuer, err := MetadataIssuer(resp.Body)
	if err != nil {
		return broken("does not parse: %v (received %s)", err, clip(string(resp.Body)))
	}
	// RFC 8414 §3.3: the issuer in the document must be identical to the
	// one the metadata was requested for; a trailing slash is a difference.
	if want := c.t.File.Issuer; want != "" && issuer != want {
		c.r.problem("metadata", "", "the metadata's issuer is %q but the target file says %q (RFC 8414 §3.3: they must be identical, character for character); set issuer to the server's issuer", issuer, want)
	} else {
		c.r.passed("the metadata at %s parses and names issuer %s", mdURL, issuer)
	}
	if err := c.t.Discover(resp.Body); err != nil {
		for _, e := range splitJoined(err) {
			if errors.Is(e, target.ErrForeignHost) {
				c.r.problem("metadata", "", "%v", e)
			} else {
				c.r.note("%v: the server's mistake, which the metadata rules judge", e)
			}
		}
	}
	c.plainHTTPEndpoints()
	for _, key := range []string{"authorization", "token"} {
		if err := c.t.EndpointUnknown(key); err != nil {
			c.r.problem("metadata", "", "%v", err)
		}
	}
	return c.endpointsKnown()
}

func (c *checker) endpointsKnown() bool {
	return c.t.Endpoints.Authorization != "" && c.t.Endpoints.Token != ""
}

// plainHTTPEndpoints names every endpoint the metadata gives as plain http
// under an https issuer. The HTTP client refuses to send anything there
// (record.ErrPlainHTTP), so the rules that use it will fail; saying so here
// keeps the vendor from reading sixty failures to find one cause. The
// target file's own URLs cannot be http here: target.Resolve refused them.
func (c *checker) plainHTTPEndpoints() {
	issuer, err := url.Parse(c.t.IssuerURL())
	if err != nil || !strings.EqualFold(issuer.Scheme, "https") {
		return
	}
	e := c.t.Endpoints
	for _, ep := range []struct{ member, v string }{
		{"authorization_endpoint", e.Authorization}, {"token_endpoint", e.Token}, {"jwks_uri", e.JWKS},
		{"introspection_endpoint", e.Introspection}, {"revocation_endpoint", e.Revocation},
	} {
		if u, err := url.Parse(ep.v); err == nil && strings.EqualFold(u.Scheme, "http") {
			c.r.problem("metadata", "", "the metadata's %s %s is plain http although the issuer is https: toets will not send credentials there, so every rule that needs it fails (RFC 8414 §2 and RFC 6749 §3.1, §3.2 require TLS); the server must advertise its https URL", ep.member, ep.v)
		}
	}
}

func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// jwks checks that an advertised JWKS parses as a JWK set. A set the
// server answers with an error or garbage is the server's mistake (the
// keys rules fail on it): a note. Only a URL the target file wrote itself,
// answered with an HTTP error, points at the file.
func (c *checker) jwks(ctx context.Context) {
	u := c.t.Endpoints.JWKS
	if u == "" {
		if err := c.t.EndpointUnknown("jwks"); err != nil {
			c.r.note("the JWKS was not checked: %v", err)
			return
		}
		c.r.passed("no JWKS advertised (jwks_uri absent): nothing to check")
		return
	}
	fromFile := c.t.File.Endpoints.JWKS != ""
	resp, err := c.get(ctx, u)
	switch {
	case err != nil:
		c.unanswered("jwks", "", "JWKS", u, err)
		return
	case resp.Status != http.StatusOK && fromFile:
		c.r.problem("jwks", "", "the JWKS at %s answered HTTP %d, not 200; check endpoints.jwks in the target file", u, resp.Status)
		return
	case resp.Status != http.StatusOK:
		c.r.note("the JWKS at %s (jwks_uri in the metadata) answered HTTP %d: the keys rules will fail on it", u, resp.Status)
		return
	}
	n, err := ParseJWKSet(resp.Body)
	if err != nil {
		c.r.note("the JWKS at %s is not a JSON JWK set (RFC 7517 §5): %v (received %s); the keys rules will fail on it", u, err, clip(string(resp.Body)))
		return
	}
	c.r.passed("the JWKS at %s parses: %d %s", u, n, plural(n, "key", "keys"))
}

func orTarget(subject string) string {
	if subject == "" {
		return "the target"
	}
	return subject
}

func clientName(i int, cl target.ResolvedClient) string {
	name := cl.Name
	if name == "" {
		name = cl.ClientID
	}
	return fmt.Sprintf("client %s (clients[%d])", name, i)
}

// unanswered reports a request to an endpoint that got no HTTP answer: a
// configuration problem, except for a certificate from a trusted CA that
// does not fit the host or has expired. That is the server's, so the rules
// run and tls-certificate-valid says what is wrong with it.
func (c *checker) unanswered(check, subject, what, endpoint string, err error) {
	if errors.Is(err, record.ErrPlainHTTP) {
		// Already a problem of its own (plainHTTPEndpoints); nothing was sent.
		c.r.note("%s: the %s %s was not checked: %v", orTarget(subject), what, endpoint, err)
		return
	}
	if record.CertificateMismatch(err) {
		c.r.note("%s: the %s %s could not be checked: %v", orTarget(subject), what, endpoint, err)
		return
	}
	c.r.problem(check, subject, "the %s %s did not answer: %v", what, endpoint, err)
}

// clientCredentials redeems a code that cannot exist. A server
// authenticates the client before it looks at the code (RFC 6749 §4.1.3),
// so invalid_grant means the credentials were accepted and invalid_client
// means they were not; no token can come of it.
func (c *checker) clientCredentials(ctx context.Context, i int, cl target.ResolvedClient) {
	name := clientName(i, cl)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {"toets-preflight-" + oauth.Random(12)}, "redirect_uri": {cl.RedirectURI}}
	req, err := oauth.TokenRequest(c.t.Endpoints.Token, oauth.Credentials{ClientID: cl.ClientID, Secret: cl.SecretValue, Method: cl.AuthMethod}, form)
	if err != nil {
		c.r.problem("client", name, "the token request could not be built: %v", err)
		return
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		c.unanswered("client", name, "token endpoint", c.t.Endpoints.Token, err)
		return
	}
	switch v, detail := ClassifyTokenAnswer(resp.Status, resp.Body); v {
	case CredentialsAccepted:
		c.r.passed("%s authenticates at the token endpoint (%s)", name, cl.AuthMethod)
	case CredentialsRefused:
		c.r.problem("client", name, "the token endpoint refused its credentials (%s): check clients[%d].secret / auth_method (%s), and that client_id %s is registered", detail, i, cl.AuthMethod, cl.ClientID)
	case CredentialsNotAllowed:
		c.r.problem("client", name, "the token endpoint knows the client but refuses it the authorization code grant (%s): register the client for the authorization_code grant, or list another client as clients[%d]", detail, i)
	default:
		// Not a configuration problem toets can name: the rules will show
		// what the token endpoint does wrong.
		c.r.note("%s: the token endpoint's answer to a made-up code (%s) does not show whether the credentials are right", name, detail)
	}
}

// redirectURI sends an authorization request for the client and reads the
// answer without following it (see ClassifyAuthorizationAnswer).
func (c *checker) redirectURI(ctx context.Context, i int, cl *target.ResolvedClient) {
	name := clientName(i, *cl)
	req, err := http.NewRequest(http.MethodGet, c.authorizationURL(*cl), nil)
	if err != nil {
		c.r.problem("redirect_uri", name, "the authorization request could not be built: %v", err)
		return
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		c.unanswered("redirect_uri", name, "authorization endpoint", c.t.Endpoints.Authorization, err)
		return
	}
	a := ClassifyAuthorizationAnswer(resp.Status, resp.Header.Get("Location"), cl.RedirectURI)
	switch {
	case a.Accepted && a.ScopeError != "":
		c.r.problem("redirect_uri", name, "the redirect URI was accepted, but the server refused the scope (%s); check scopes.granted", a.Detail)
	case a.Accepted:
		c.r.passed("%s: the authorization endpoint accepts redirect URI %s (%s)", name, cl.RedirectURI, a.Detail)
		if c.accepted == nil {
			c.accepted = cl
		}
	default:
		c.r.problem("redirect_uri", name, "the authorization endpoint does not accept redirect URI %s for client_id %s (%s); check clients[%d].redirect_uri and client_id against the client's registration", cl.RedirectURI, cl.ClientID, a.Detail, i)
	}
}

// The request is the one every flow of the run sends (PKCE S256 included),
// so a server that requires PKCE lets the preflight's login through too.
// The preflight redeems no code, so the verifier is not kept.
func (c *checker) authorizationURL(cl target.ResolvedClient) string {
	r, _ := oauth.CodeFlowRequest(c.t.Endpoints.Authorization, cl.ClientID, cl.RedirectURI, c.t.File.Scopes.Granted)
	return r.URL()
}

// MetadataIssuer parses an RFC 8414 metadata document far enough to return
// its issuer.
func MetadataIssuer(body []byte) (string, error) {
	var md map[string]json.RawMessage
	if err := json.Unmarshal(body, &md); err != nil {
		return "", fmt.Errorf("not a JSON object: %v", err)
	}
	raw, ok := md["issuer"]
	if !ok {
		return "", errors.New("it has no issuer (RFC 8414 §2 requires one)")
	}
	var issuer string
	if err := json.Unmarshal(raw, &issuer); err != nil || issuer == "" {
		return "", fmt.Errorf("its issuer is not a non-empty string: %s", clip(string(raw)))
	}
	return issuer, nil
}

// ParseJWKSet checks that body is a JWK set (RFC 7517 §5): a JSON object
// whose "keys" member is an array of objects that each have a string "kty".
// It returns the number of keys.
func ParseJWKSet(body []byte) (int, error) {
	var set map[string]json.RawMessage
	if err := json.Unmarshal(body, &set); err != nil {
		return 0, fmt.Errorf("not a JSON object: %v", err)
	}
	raw, ok := set["keys"]
	if !ok {
		return 0, errors.New(`it has no "keys" member`)
	}
	var keys []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return 0, fmt.Errorf(`"keys" is not an array of objects: %v`, err)
	}
	for i, k := range keys {
		var kty string
		if err := json.Unmarshal(k["kty"], &kty); err != nil || kty == "" {
			return 0, fmt.Errorf(`keys[%d] has no string "kty" (RFC 7517 §4.1)`, i)
		}
	}
	return len(keys), nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return strings.TrimSpace(s)
}
