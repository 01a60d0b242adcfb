// Package peers starts real, widely used OAuth/OIDC servers that no one in
// this project wrote, on 127.0.0.1 only, with a target file for each: the
// suite must give them verdicts a reader can explain from the RFCs
// (docs/peers.md), which finds bugs in toets that its own reference server
// cannot.
package peers

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/toets/toets/internal/refserver"
)

// Peer is a running independent server with its target file.
type Peer struct {
	Issuer     string
	TargetPath string
	dir        string
	// stop ends the server: an in-process http.Server's Close, or the
	// kill of a process group.
	stop func()
	// output is what a server in another process printed, for the log.
	output func() string
	// pid is the process of a server in another process, 0 otherwise.
	pid int
}

// Close stops the server and removes its files.
func (p *Peer) Close() {
	p.stop()
	os.RemoveAll(p.dir)
}

// Output is what the server printed (its stderr), empty for the servers
// that run in this process.
func (p *Peer) Output() string {
	if p.output == nil {
		return ""
	}
	return p.output()
}

// stopServer is the stop of an in-process server.
func stopServer(srv *http.Server) func() { return func() { srv.Close() } }

// zitadelClients are registered once: the example's client registry is a
// package variable.
var zitadelClients sync.Once

const (
	zitadelClientID     = "toets-web"
	zitadelClientSecret = "toets-zitadel-secret"
	zitadelRedirectURI  = "https://pgo-one.toets.invalid/callback"
)

// StartZitadel serves the example OpenID Provider of
// github.com/zitadel/oidc/v3 (example/server/exampleop, with its in-memory
// storage and its own login page) over HTTPS on 127.0.0.1. Its handlers are
// mounted on a listener of our own: the example's main listens on every
// interface.
func StartZitadel(ca *refserver.CA) (*Peer, error) {
	zitadelClients.Do(func() {
		storage.RegisterClients(storage.WebClient(zitadelClientID, zitadelClientSecret, zitadelRedirectURI))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	issuer := fmt.Sprintf("https://%s/", ln.Addr().String())
	tlsCfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		ln.Close()
		return nil, err
	}
	store := storage.NewStorage(storage.NewUserStore(issuer))
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	router := exampleop.SetupServer(issuer, store, logger, false)
	srv := &http.Server{Handler: router, TLSConfig: tlsCfg, ReadHeaderTimeout: 10 * time.Second}
	go srv.ServeTLS(ln, "", "")

	dir, err := os.MkdirTemp("", "toets-peer-zitadel-")
	if err != nil {
		srv.Close()
		return nil, err
	}
	p := &Peer{Issuer: strings.TrimSuffix(issuer, "/"), dir: dir, stop: stopServer(srv), TargetPath: filepath.Join(dir, "target.yaml")}
	files := map[string][]byte{
		"ca.pem":        ca.CertPEM(),
		"client.secret": []byte(zitadelClientSecret),
		"user.password": []byte("verysecure"),
		"target.yaml":   []byte(zitadelTarget(issuer)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			p.Close()
			return nil, err
		}
	}
	return p, nil
}

// zitadelTarget describes the example OP. Its issuer ends in a slash, as the
// example configures it; its metadata is OpenID Connect Discovery.
func zitadelTarget(issuer string) string {
	return strings.NewReplacer("ISSUER/", issuer, "CLIENT", zitadelClientID, "REDIRECT", zitadelRedirectURI).Replace(`# The example OpenID Provider of github.com/zitadel/oidc/v3, started by toets's tests.
name: zitadel/oidc v3 example OP
profile: oidc
issuer: ISSUER/
metadata_url: ISSUER/.well-known/openid-configuration
resource: {url: ISSUER/userinfo}
tls: {ca_file: ca.pem}
clients:
  - {name: web, client_id: CLIENT, auth_method: client_secret_basic, secret: "file:client.secret", redirect_uri: REDIRECT}
users:
  - {name: test-user, username: test-user@127.0.0.1, password: "file:user.password", has_data: true, display_name: Test User}
scopes: {granted: openid profile, unknown: toets-unknown-scope}
browser:
  login:
    - {do: fill, css: "#username", value: "{username}"}
    - {do: fill, css: "#password", value: "{password}"}
    - {do: click, css: "button[type=submit]"}
  approve: []
  deny: []
`)
}
