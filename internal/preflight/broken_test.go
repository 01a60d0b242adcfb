package preflight

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/target"
)

// brokenServer answers its metadata with "{{garbage" and its key set with
// HTML, and its authorization and token endpoints sensibly, on 127.0.0.1
// with a certificate of the embedded CA.
func brokenServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/oauth-authorization-server":
			_, _ = w.Write([]byte("{{garbage"))
		case "/jwks":
			_, _ = w.Write([]byte("<html>keys are down</html>"))
		case "/authorize":
			_, _ = w.Write([]byte("<html><form>login</form></html>"))
		case "/token":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	srv.TLS = cfg
	srv.StartTLS()
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "ca.pem"), string(ca.CertPEM()))
	return srv, dir
}

func brokenTarget(t *testing.T, srv *httptest.Server, dir string, endpoints target.Endpoints) *target.Target {
	t.Helper()
	f := &target.File{Name: "broken", Profile: "oauth2", Issuer: srv.URL, Endpoints: endpoints, TLS: target.TLS{CAFile: "ca.pem"},
		Clients: []target.Client{{ClientID: "c", AuthMethod: "none", RedirectURI: "https://client.example/cb"}},
		Users:   []target.User{{Username: "u", Password: "p"}}, Scopes: target.Scopes{Granted: "s"}}
	tgt, err := target.Resolve(f, filepath.Join(dir, "target.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tgt
}

// TestBrokenMetadataIsNoConfigurationProblem: with the endpoints in the
// file, garbage metadata and JWKS are the server's mistakes (notes; the
// rules will fail them), and the rest of the checks run.
func TestBrokenMetadataIsNoConfigurationProblem(t *testing.T) {
	srv, dir := brokenServer(t)
	tgt := brokenTarget(t, srv, dir, target.Endpoints{Authorization: srv.URL + "/authorize", Token: srv.URL + "/token", JWKS: srv.URL + "/jwks"})
	r := Check(context.Background(), Options{Target: tgt, SkipLogin: true})
	var out strings.Builder
	r.Write(&out, "target.yaml")
	if !r.OK() {
		t.Fatalf("broken metadata and JWKS made configuration problems:\n%s", out.String())
	}
	for _, want := range []string{"{{garbage", "the metadata rules will fail", "keys are down", "the keys rules will fail", "authenticates at the token endpoint"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the preflight does not say %q:\n%s", want, out.String())
		}
	}
}

// TestBrokenMetadataWithoutEndpoints: garbage metadata and no endpoints in
// the file leave toets without endpoints; that the file can fix, and the
// problem says with which keys.
func TestBrokenMetadataWithoutEndpoints(t *testing.T) {
	srv, dir := brokenServer(t)
	r := Check(context.Background(), Options{Target: brokenTarget(t, srv, dir, target.Endpoints{}), SkipLogin: true})
	if len(r.Problems) != 1 || r.Problems[0].Check != "metadata" ||
		!strings.Contains(r.Problems[0].Message, "{{garbage") || !strings.Contains(r.Problems[0].Message, "endpoints.authorization and endpoints.token") {
		t.Fatalf("problems %v, want one metadata problem naming the garbage and endpoints.authorization and endpoints.token", r.Problems)
	}
}
