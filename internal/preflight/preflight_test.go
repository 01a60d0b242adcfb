package preflight

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/target"
)

// writeTarget writes a changed copy of the reference server's target file
// beside it (so its file: secrets resolve) and loads it.
func writeTarget(t *testing.T, in *embedded.Instance, name string, change func(f *target.File)) *target.Target {
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

func testBrowser(t *testing.T) *browser.Browser {
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	b := browser.New(browser.Options{Bin: os.Getenv("TOETS_BROWSER"), TrustedCAs: [][]byte{ca.CertPEM()}})
	t.Cleanup(func() { b.Close() })
	return b
}

func TestReferenceTargetHasNoProblems(t *testing.T) {
	in, err := embedded.Start("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	tgt := writeTarget(t, in, "same.yaml", func(*target.File) {})
	r := Check(context.Background(), Options{Target: tgt, Browser: testBrowser(t)})
	var out bytes.Buffer
	r.Write(&out, "same.yaml")
	if !r.OK() {
		t.Fatalf("the reference server's own target file has problems:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "logs in") {
		t.Errorf("the login was not checked:\n%s", out.String())
	}
}

// TestNamesEveryProblemInOneRun is the acceptance test: a wrong
// client secret, a CA file of another CA, an unregistered redirect URI and
// a wrong password are all named, as configuration problems with their
// fixes, by one preflight.
func TestNamesEveryProblemInOneRun(t *testing.T) {
	in, err := embedded.Start("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	other, err := refserver.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(in.Dir, "other-ca.pem"), string(other.CertPEM()))
	writeFile(t, filepath.Join(in.Dir, "wrong.secret"), "not-the-secret")
	writeFile(t, filepath.Join(in.Dir, "wrong.password"), "not-the-password")
	tgt := writeTarget(t, in, "broken.yaml", func(f *target.File) {
		f.TLS.CAFile = "other-ca.pem"
		f.Clients[0].Secret = "file:wrong.secret"
		f.Clients[1].RedirectURI = "https://client.invalid/not-registered"
		f.Users[0].Password = "file:wrong.password"
	})
	r := Check(context.Background(), Options{Target: tgt, Browser: testBrowser(t)})
	var out bytes.Buffer
	r.Write(&out, "broken.yaml")
	text := out.String()
	t.Log(text)

	want := []struct{ check, contains string }{
		{"tls", "does not verify against tls.ca_file other-ca.pem"},
		{"client", "check clients[0].secret / auth_method"},
		{"redirect_uri", "check clients[1].redirect_uri"},
		{"login", "check users[0].password"},
	}
	for _, w := range want {
		found := false
		for _, p := range r.Problems {
			if p.Check == w.check && strings.Contains(p.Message, w.contains) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s problem saying %q", w.check, w.contains)
		}
	}
	if len(r.Problems) != len(want) {
		t.Errorf("%d problems, want exactly %d", len(r.Problems), len(want))
	}
	if !strings.Contains(text, "DIAGNOSTIC MODE") {
		t.Error("the diagnostic mode after the TLS problem is not labelled")
	}
	for _, s := range tgt.Secrets {
		if strings.Contains(text, s) {
			t.Errorf("the preflight output contains a secret")
		}
	}
	for _, d := range in.Server.Description().Clients {
		if d.Secret != "" && strings.Contains(text, d.Secret) {
			t.Errorf("the preflight output contains client %s's real secret", d.ID)
		}
	}
}

func TestUnreachableTargetStopsEarly(t *testing.T) {
	f := &target.File{Name: "x", Profile: "oauth2", Issuer: "https://127.0.0.1:1", Clients: []target.Client{{ClientID: "c", AuthMethod: "none", RedirectURI: "https://c/cb"}},
		Users: []target.User{{Username: "u", Password: "p"}}, Scopes: target.Scopes{Granted: "s"}}
	tgt, _ := target.Resolve(f, "")
	r := Check(context.Background(), Options{Target: tgt})
	if len(r.Problems) != 1 || r.Problems[0].Check != "reachability" {
		t.Fatalf("problems %v, want one reachability problem", r.Problems)
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "did not run") {
		t.Errorf("notes %v do not say which checks did not run", r.Notes)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestClassifyTokenAnswer(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   TokenVerdict
	}{
		{400, `{"error":"invalid_grant"}`, CredentialsAccepted},
		{401, `{"error":"invalid_client"}`, CredentialsRefused},
		{400, `{"error":"invalid_client"}`, CredentialsRefused},
		{401, `Unauthorized`, CredentialsRefused},
		{400, `{"error":"unauthorized_client"}`, CredentialsNotAllowed},
		{400, `{"error":"access_denied"}`, CredentialsAccepted},
		{200, `{"error":"invalid_grant"}`, CredentialsAccepted},
		{200, `{"access_token":"x"}`, CredentialsUnclear},
		{500, `oops`, CredentialsUnclear},
	} {
		t.Run(fmt.Sprintf("%d %s", tc.status, tc.body), func(t *testing.T) {
			if got, detail := ClassifyTokenAnswer(tc.status, []byte(tc.body)); got != tc.want {
				t.Errorf("got %v (%s), want %v", got, detail, tc.want)
			}
		})
	}
}

func TestClassifyAuthorizationAnswer(t *testing.T) {
	const cb = "https://client.example/cb"
	for _, tc := range []struct {
		name     string
		status   int
		location string
		accepted bool
		scope    bool
	}{
		{"login page", 200, "", true, false},
		{"error page", 400, "", false, false},
		{"redirect to login host", 302, "https://login.example/start?x=1", true, false},
		{"redirect to error page", 302, "https://as.example/error?error=invalid_request", false, false},
		{"callback with code-less error about the client", 302, cb + "?error=unauthorized_client&state=s", false, false},
		{"callback with invalid_scope", 302, cb + "?error=invalid_scope&state=s", true, true},
		{"callback with access_denied", 303, cb + "?error=access_denied", true, false},
		{"callback without error", 302, cb + "?code=c", true, false},
		{"redirect without location", 302, "", false, false},
		{"server error", 500, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := ClassifyAuthorizationAnswer(tc.status, tc.location, cb)
			if a.Accepted != tc.accepted || (a.ScopeError != "") != tc.scope {
				t.Errorf("got %+v", a)
			}
		})
	}
}

func TestParseJWKSet(t *testing.T) {
	for _, tc := range []struct {
		body string
		n    int
		ok   bool
	}{
		{`{"keys":[{"kty":"EC","crv":"P-256"},{"kty":"RSA"}]}`, 2, true},
		{`{"keys":[]}`, 0, true},
		{`{"keys":[{"crv":"P-256"}]}`, 0, false},
		{`{"keys":{}}`, 0, false},
		{`{}`, 0, false},
		{`[]`, 0, false},
		{`{"keys":[{"kty":1}]}`, 0, false},
	} {
		n, err := ParseJWKSet([]byte(tc.body))
		if (err == nil) != tc.ok || n != tc.n {
			t.Errorf("%s: got %d, %v", tc.body, n, err)
		}
	}
}

func TestMetadataIssuer(t *testing.T) {
	for _, tc := range []struct {
		body, want string
		ok         bool
	}{
		{`{"issuer":"https://as.example"}`, "https://as.example", true},
		{`{"issuer":""}`, "", false},
		{`{"issuer":5}`, "", false},
		{`{"token_endpoint":"x"}`, "", false},
		{`nope`, "", false},
	} {
		got, err := MetadataIssuer([]byte(tc.body))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%s: got %q, %v", tc.body, got, err)
		}
	}
}

func FuzzParseJWKSet(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"EC"}]}`))
	f.Add([]byte(`{"keys":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := ParseJWKSet(b)
		if err != nil && n != 0 {
			t.Fatalf("keys counted for a set that does not parse")
		}
	})
}

func FuzzMetadataIssuer(f *testing.F) {
	f.Add([]byte(`{"issuer":"https://as.example"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, err := MetadataIssuer(b); err == nil && got == "" {
			t.Fatalf("an empty issuer was accepted")
		}
	})
}

func FuzzClassifyAuthorizationAnswer(f *testing.F) {
	f.Add(302, "https://c.example/cb?error=invalid_scope")
	f.Fuzz(func(t *testing.T, status int, location string) {
		a := ClassifyAuthorizationAnswer(status, location, "https://c.example/cb")
		if a.ScopeError != "" && !a.Accepted {
			t.Fatalf("a scope error without an accepted redirect URI")
		}
	})
}
