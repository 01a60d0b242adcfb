package peers

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-oauth2/oauth2/v4/manage"
	"github.com/go-oauth2/oauth2/v4/models"
	"github.com/go-oauth2/oauth2/v4/server"
	"github.com/go-oauth2/oauth2/v4/store"

	"github.com/toets/toets/internal/refserver"
)

const (
	goOAuth2ClientID     = "toets-gooauth2"
	goOAuth2ClientSecret = "toets-gooauth2-secret"
	// The second client lets the rules that need two clients (a code or
	// refresh token presented by another client, client_credentials, the
	// resource and introspection refusals) give verdicts. It uses Basic
	// authentication too: the library's default ClientInfoHandler reads no
	// other method.
	goOAuth2SecondID     = "toets-gooauth2-two"
	goOAuth2SecondSecret = "toets-gooauth2-two-secret"
	goOAuth2User         = "alice"
	goOAuth2Password     = "toets-gooauth2-password"
)

// goOAuth2Login is the minimal login page of our own that go-oauth2 leaves
// to its user: it posts the authorization request back with the
// credentials.
var goOAuth2Login = template.Must(template.New("login").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Login</title></head><body>
<form method="post" action="/oauth/authorize">
{{range $k, $vs := .}}{{range $vs}}<input type="hidden" name="{{$k}}" value="{{.}}">{{end}}{{end}}
<label>Username <input id="username" name="username"></label>
<label>Password <input id="password" name="password" type="password"></label>
<button id="login" type="submit">Login</button>
</form></body></html>`))

// StartGoOAuth2 serves an authorization server composed from
// github.com/go-oauth2/oauth2/v4 with its defaults (manage.NewDefaultManager,
// the memory token store, server.NewConfig), behind a minimal login page and
// a minimal resource endpoint that answers with the token's user: a popular
// but loose server. It has no metadata document, so the target file names
// the endpoints.
func StartGoOAuth2(ca *refserver.CA) (*Peer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	base := "https://" + ln.Addr().String()
	tlsCfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		ln.Close()
		return nil, err
	}

	manager := manage.NewDefaultManager()
	manager.MustTokenStorage(store.NewMemoryTokenStore())
	clients := store.NewClientStore()
	clients.Set(goOAuth2ClientID, &models.Client{ID: goOAuth2ClientID, Secret: goOAuth2ClientSecret, Domain: "https://pgo-one.toets.invalid"})
	clients.Set(goOAuth2SecondID, &models.Client{ID: goOAuth2SecondID, Secret: goOAuth2SecondSecret, Domain: "https://pgo-two.toets.invalid"})
	manager.MapClientStorage(clients)
	srv := server.NewServer(server.NewConfig(), manager)
	srv.SetUserAuthorizationHandler(func(w http.ResponseWriter, r *http.Request) (string, error) {
		if r.Method == http.MethodPost && r.FormValue("username") == goOAuth2User && r.FormValue("password") == goOAuth2Password {
			return goOAuth2User, nil
		}
		form := url.Values{}
		for k, vs := range r.Form {
			if k != "username" && k != "password" {
				form[k] = vs
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		return "", goOAuth2Login.Execute(w, form)
	})

	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/authorize", func(w http.ResponseWriter, r *http.Request) {
		if err := srv.HandleAuthorizeRequest(w, r); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
	})
	mux.HandleFunc("/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		srv.HandleTokenRequest(w, r)
	})
	mux.HandleFunc("/resource", func(w http.ResponseWriter, r *http.Request) {
		ti, err := srv.ValidationBearerToken(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"user_id": ti.GetUserID(), "scope": ti.GetScope()})
	})
	hs := &http.Server{Handler: mux, TLSConfig: tlsCfg, ReadHeaderTimeout: 10 * time.Second}
	go hs.ServeTLS(ln, "", "")

	dir, err := os.MkdirTemp("", "toets-peer-gooauth2-")
	if err != nil {
		hs.Shutdown(context.Background())
		return nil, err
	}
	p := &Peer{Issuer: base, dir: dir, stop: stopServer(hs), TargetPath: filepath.Join(dir, "target.yaml")}
	files := map[string][]byte{
		"ca.pem":         ca.CertPEM(),
		"client.secret":  []byte(goOAuth2ClientSecret),
		"client2.secret": []byte(goOAuth2SecondSecret),
		"user.password":  []byte(goOAuth2Password),
		"target.yaml":    []byte(strings.ReplaceAll(goOAuth2Target, "BASE", base)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			p.Close()
			return nil, fmt.Errorf("peers: %w", err)
		}
	}
	return p, nil
}

const goOAuth2Target = `# An authorization server composed from github.com/go-oauth2/oauth2/v4, started by toets's tests.
name: go-oauth2/oauth2 v4 with defaults
profile: oauth2
issuer: BASE
endpoints:
  authorization: BASE/oauth/authorize
  token: BASE/oauth/token
resource: {url: BASE/resource}
tls: {ca_file: ca.pem}
# No metadata to say so: the grant types the library's defaults allow.
grant_types: [authorization_code, refresh_token, client_credentials]
clients:
  # The library's default lets every client use every grant type.
  - {name: one, client_id: toets-gooauth2, auth_method: client_secret_basic, secret: "file:client.secret", redirect_uri: "https://pgo-one.toets.invalid/callback", grant_types: [authorization_code, refresh_token, client_credentials]}
  - {name: two, client_id: toets-gooauth2-two, auth_method: client_secret_basic, secret: "file:client2.secret", redirect_uri: "https://pgo-two.toets.invalid/callback"}
users:
  - {name: alice, username: alice, password: "file:user.password", has_data: true, display_name: alice}
scopes: {granted: read, unknown: toets-unknown-scope}
browser:
  login:
    - {do: fill, css: "#username", value: "{username}"}
    - {do: fill, css: "#password", value: "{password}"}
    - {do: click, css: "#login"}
  approve: []
  deny: []
`
