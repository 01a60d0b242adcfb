package suite

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/preflight"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

// plainText is what every refusal to send over plain http says.
const plainText = "the server's issuer is HTTPS; toets sends no credential in plain text"

// TestNoCredentialOverPlainHTTP is issue 11's case: a server whose HTTPS
// metadata names an http:// token endpoint. That endpoint is a plain
// listener that counts what reaches it; neither the preflight nor a run of
// the token scenarios may send it one byte. The preflight names the
// endpoint, the metadata rule fails the server, and the token scenarios say
// why they could not be judged instead of echoing a missing response.
//
// The same holds for an http:// authorization endpoint and the browser,
// which does not send through toets's HTTP client: it is not sent there,
// so no test user's password is typed into a plain page.
func TestNoCredentialOverPlainHTTP(t *testing.T) {
	for _, tc := range []struct {
		member, agent, tags string
	}{
		{"token_endpoint", "http", "@token && ~@clock,@rule:metadata-https-endpoints"},
		{"authorization_endpoint", "browser", "@token && @browser && ~@clock,@rule:metadata-https-endpoints"},
	} {
		t.Run(tc.member, func(t *testing.T) { plainHTTPEndpoint(t, tc.member, tc.agent, tc.tags) })
	}
}

func plainHTTPEndpoint(t *testing.T, member, agent, tags string) {
	in, err := embedded.StartProfile("", "oauth2", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()

	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		plainHits.Add(1)
		http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
	}))
	defer plain.Close()

	// The issuer: the reference server's metadata, with this server as
	// issuer and the plain listener as token endpoint.
	refMetadata := fetchJSON(t, in, in.Server.Description().Issuer+"/.well-known/oauth-authorization-server")
	issuer := startTLS(t, func(self string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/.well-known/oauth-authorization-server" {
				http.NotFound(w, r)
				return
			}
			md := map[string]any{}
			for k, v := range refMetadata {
				md[k] = v
			}
			md["issuer"] = self
			md[member] = plain.URL + "/" + member
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(md)
		})
	})

	tgt := rewriteTarget(t, in, "plain-http.yaml", func(f *target.File) {
		f.Issuer = issuer
		f.Endpoints = target.Endpoints{}
		f.Agent = agent
		// Named in the file, so that the scheme and not the host is what
		// keeps the credentials from it.
		f.Browser.Hosts = append(f.Browser.Hosts, strings.TrimPrefix(plain.URL, "http://"))
	})

	pre := preflight.Check(context.Background(), preflight.Options{Target: tgt, SkipLogin: true})
	found := false
	for _, p := range pre.Problems {
		if strings.Contains(p.Message, member+" "+plain.URL+"/"+member+" is plain http") && strings.Contains(p.Message, "toets will not send credentials there") {
			found = true
		}
	}
	if !found {
		var b strings.Builder
		pre.Write(&b, "plain-http.yaml")
		t.Errorf("the preflight does not name the plain http %s:\n%s", member, b.String())
	}
	if n := plainHits.Load(); n != 0 {
		t.Fatalf("the preflight sent %d requests to the plain http %s", n, member)
	}

	run, _, err := runner.Run(context.Background(), runner.Config{
		Target: tgt, Features: features.FS, Tags: tags, Concurrency: 2, Browser: sharedBrowser,
	})
	if err != nil {
		t.Fatalf("the run must go on: it is the server's metadata that is wrong, got %v", err)
	}
	if n := plainHits.Load(); n != 0 {
		t.Fatalf("the run sent %d requests to the plain http %s", n, member)
	}
	var tokens int
	for _, s := range run.Scenarios {
		switch {
		case s.Rule.ID == "metadata-https-endpoints":
			if s.Verdict != reports.Fail || !strings.Contains(s.Message, plain.URL+"/"+member) {
				t.Errorf("metadata-https-endpoints: %s, want a failure naming the http %s:\n%s", s.Verdict, member, s.Message)
			}
		case s.Verdict == reports.Pass || s.Verdict == reports.NotApplicable:
			// A rule that sends nothing to the token endpoint.
		default:
			tokens++
			if !strings.Contains(s.Message, plainText) {
				t.Errorf("%s %q: %s, and the message does not say the request was refused as plain http:\n%s", s.Rule.ID, s.Name, s.Verdict, s.Message)
			}
		}
	}
	if tokens < 5 {
		t.Errorf("only %d token scenarios were held back by the refusal:\n%s", tokens, describe(run))
	}
}

// rewriteTarget writes a changed copy of the instance's target file beside
// it (so its file: secrets resolve) and resolves it.
func rewriteTarget(t *testing.T, in *embedded.Instance, name string, change func(f *target.File)) *target.Target {
	t.Helper()
	f, err := in.TargetFile()
	if err != nil {
		t.Fatal(err)
	}
	change(f)
	b, err := yaml.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(in.Dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	lf, err := target.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := target.Resolve(lf, path)
	if err != nil {
		t.Fatal(err)
	}
	return tgt
}

// startTLS serves handler on 127.0.0.1 with a certificate of the embedded
// CA, which the reference target file already trusts. handler is made with
// the server's own URL.
func startTLS(t *testing.T, handler func(self string) http.Handler) string {
	t.Helper()
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	srv.TLS = cfg
	srv.StartTLS()
	t.Cleanup(srv.Close)
	h = handler(srv.URL)
	return srv.URL
}

// fetchJSON reads a JSON object from the reference server.
func fetchJSON(t *testing.T, in *embedded.Instance, rawURL string) map[string]any {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(in.Server.Description().CACertPEM)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	defer c.CloseIdleConnections()
	resp, err := c.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("%s: %v", rawURL, err)
	}
	if _, err := url.Parse(rawURL); err != nil {
		t.Fatal(err)
	}
	return m
}
