package target

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const valid = `
name: example
profile: medmij
issuer: https://as.example.test
resource: {url: https://rs.example.test/fhir/x}
clients:
  - {name: one, client_id: pgo.example.test, auth_method: client_secret_basic, secret: "${TOETS_TEST_SECRET}", redirect_uri: https://pgo.example.test/cb}
users:
  - {name: alice, username: alice, password: "file:pw.txt", has_data: true}
scopes: {granted: zorgaanbieder}
browser:
  login: [{do: fill, css: "#u", value: "{username}"}]
`

func TestParseResolveAndDiscover(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pw.txt"), []byte("hunter22\n"), 0o600)
	path := filepath.Join(dir, "t.yaml")
	os.WriteFile(path, []byte(valid), 0o600)
	t.Setenv("TOETS_TEST_SECRET", "s3cret-value")
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Resolve(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Clients[0].SecretValue != "s3cret-value" || tg.Users[0].PasswordValue != "hunter22" {
		t.Fatalf("secrets not resolved: %+v %+v", tg.Clients[0], tg.Users[0])
	}
	if got := tg.MetadataURL(); got != "https://as.example.test/.well-known/oauth-authorization-server" {
		t.Fatalf("metadata url %s", got)
	}
	err = tg.Discover([]byte(`{"authorization_endpoint":"https://as.example.test/a","token_endpoint":"https://evil.test/t"}`))
	if err == nil || !strings.Contains(err.Error(), "evil.test") {
		t.Fatalf("a token endpoint on a host the file does not name must be refused, got %v", err)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	_, err := Parse([]byte("profile: nope\nclients: [{client_id: x, auth_method: magic}]\n"))
	if err == nil {
		t.Fatal("expected errors")
	}
	for _, want := range []string{"issuer", "profile", "auth_method", "user", "scopes.granted", "redirect_uri"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestUnknownKeysAreRefused(t *testing.T) {
	if _, err := Parse([]byte(valid + "\nissuerr: typo\n")); err == nil {
		t.Fatal("a misspelt key must be refused")
	}
}

func TestLiteralSecretIsANotice(t *testing.T) {
	f, err := Parse([]byte(strings.Replace(valid, `"${TOETS_TEST_SECRET}"`, "literal-secret", 1)))
	if err != nil {
		t.Fatal(err)
	}
	tg, _ := Resolve(f, "")
	if len(tg.Notices) == 0 || !strings.Contains(tg.Notices[0], "clients[0].secret") {
		t.Fatalf("no notice for a literal secret: %v", tg.Notices)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte("clients: [{]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Parse(b) // must not panic
	})
}

func TestDefaultScopesAreScopeTokens(t *testing.T) {
	withDefaults := func(list string) string {
		return strings.Replace(valid, "redirect_uri: https://pgo.example.test/cb}", "redirect_uri: https://pgo.example.test/cb, default_scopes: "+list+"}", 1)
	}
	f, err := Parse([]byte(withDefaults(`["api:read", "api:status"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Clients[0].DefaultScopes; len(got) != 2 || got[0] != "api:read" || got[1] != "api:status" {
		t.Fatalf("default_scopes read as %q", got)
	}
	// One scope-token an entry: a space would hide two scopes in one.
	for _, bad := range []string{`["api:read api:status"]`, `[""]`, `["quote\""]`} {
		_, err := Parse([]byte(withDefaults(bad)))
		if err == nil || !strings.Contains(err.Error(), "clients[0].default_scopes[0]") {
			t.Errorf("default_scopes %s: want an error naming clients[0].default_scopes[0], got %v", bad, err)
		}
	}
}
