package peers

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/toets/toets/internal/owneddir"
	"github.com/toets/toets/internal/refserver"
)

const (
	opClientID     = "toets-op-one"
	opClientSecret = "toets-op-one-secret-0123456789abcdef"
	// The second client may use client_credentials too, for the rules that
	// need a token without a person.
	opSecondID     = "toets-op-two"
	opSecondSecret = "toets-op-two-secret-0123456789abcdef"
	// The public client has no secret: PKCE only (RFC 7636, RFC 9700
	// §2.1.1).
	opPublicID  = "toets-op-public"
	opUser      = "alice"
	opPassword  = "toets-op-password"
	opUserName  = "Alice Example"
	opAPI       = "https://api.toets.invalid/"
	opAPIScope  = "api:read"
	opDirPrefix = "toets-peer-oidc-provider-"
	// opStartTimeout bounds node's start: loading the modules and one
	// RSA key.
	opStartTimeout = 30 * time.Second
	// opLogLimit caps what is kept of the process's output.
	opLogLimit = 1 << 20
)

// OIDCProviderDir is the folder of the Node app that runs oidc-provider
// (package.json, package-lock.json, server.mjs). It is found next to this
// source file: the peer is a test fixture of this repository.
func OIDCProviderDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "oidcprovider")
}

// errNoNode and errNoModules say what to install; the test fails with them
// rather than skipping, since a missing peer is not a pass.
var (
	errNoNode    = errors.New("peers: oidc-provider needs Node.js (node on PATH, version 18 or later): apt-get install -y --no-install-recommends nodejs npm, then make peers")
	errNoModules = errors.New("peers: oidc-provider's packages are not installed: run `make peers` (npm ci --no-audit --no-fund in internal/peers/oidcprovider)")
)

// StartOIDCProvider runs panva's oidc-provider (the npm package, pinned in
// oidcprovider/package-lock.json) on the machine's Node.js, on 127.0.0.1
// with an ephemeral port, over HTTPS with a certificate of ca. The node
// process gets its certificate, key, clients and user through a
// configuration file in a folder only this user can enter; it prints its
// issuer once it listens. Close kills its process group.
func StartOIDCProvider(ca *refserver.CA) (*Peer, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errNoNode
	}
	app := OIDCProviderDir()
	if _, err := os.Stat(filepath.Join(app, "node_modules", "oidc-provider", "package.json")); err != nil {
		return nil, errNoModules
	}
	owneddir.RemoveStale(opDirPrefix)
	dir, err := owneddir.Create(opDirPrefix)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Peer, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	certPEM, keyPEM, err := serverCertPEM(ca)
	if err != nil {
		return fail(err)
	}
	conf, err := json.MarshalIndent(opConfig(dir), "", "  ")
	if err != nil {
		return fail(err)
	}
	for name, b := range map[string][]byte{"cert.pem": certPEM, "key.pem": keyPEM, "config.json": conf} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return fail(fmt.Errorf("peers: %w", err))
		}
	}

	proc, err := startNode(node, app, filepath.Join(dir, "config.json"))
	if err != nil {
		return fail(err)
	}
	p := &Peer{Issuer: proc.issuer, dir: dir, TargetPath: filepath.Join(dir, "target.yaml"), stop: proc.kill, output: proc.log.String, pid: proc.cmd.Process.Pid}
	files := map[string][]byte{
		"ca.pem":         ca.CertPEM(),
		"client.secret":  []byte(opClientSecret),
		"client2.secret": []byte(opSecondSecret),
		"user.password":  []byte(opPassword),
		"target.yaml":    []byte(oidcProviderTarget(proc.issuer)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			p.Close()
			return nil, fmt.Errorf("peers: %w", err)
		}
	}
	return p, nil
}

// serverCertPEM is a certificate of ca for 127.0.0.1 (with the CA
// certificate after it, as the Go peers serve it) and its private key, in
// PEM for node's https module.
func serverCertPEM(ca *refserver.CA) (certPEM, keyPEM []byte, err error) {
	cfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		return nil, nil, err
	}
	cert := cfg.Certificates[0]
	for _, der := range cert.Certificate {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	der, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		return nil, nil, fmt.Errorf("peers: server key: %w", err)
	}
	return certPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// opConfig is what server.mjs reads: the clients in oidc-provider's
// (OpenID Connect Dynamic Client Registration) metadata, the user, the API.
func opConfig(dir string) map[string]any {
	code := []string{"authorization_code", "refresh_token"}
	return map[string]any{
		"cert": filepath.Join(dir, "cert.pem"),
		"key":  filepath.Join(dir, "key.pem"),
		"clients": []map[string]any{
			{"client_id": opClientID, "client_secret": opClientSecret, "client_name": "toets one", "token_endpoint_auth_method": "client_secret_basic",
				"redirect_uris": []string{"https://pgo-one.toets.invalid/callback"}, "grant_types": code, "response_types": []string{"code"}},
			{"client_id": opSecondID, "client_secret": opSecondSecret, "client_name": "toets two", "token_endpoint_auth_method": "client_secret_basic",
				"redirect_uris": []string{"https://pgo-two.toets.invalid/callback"}, "grant_types": []string{"authorization_code", "refresh_token", "client_credentials"}, "response_types": []string{"code"}},
			{"client_id": opPublicID, "client_name": "toets public", "token_endpoint_auth_method": "none",
				"redirect_uris": []string{"https://pgo-public.toets.invalid/callback"}, "grant_types": code, "response_types": []string{"code"}},
		},
		"users": []map[string]string{{"username": opUser, "password": opPassword, "name": opUserName}},
		"api":   map[string]string{"indicator": opAPI, "scope": opAPIScope},
	}
}

// nodeProcess is the running server.mjs.
type nodeProcess struct {
	issuer string
	cmd    *exec.Cmd
	stdin  io.Closer
	log    *cappedLog
	done   chan struct{}
	once   sync.Once
}

// startNode starts server.mjs in its own process group and waits for the
// line with its issuer. Its stderr, and stdout after that line, go to the
// process's log.
func startNode(node, app, config string) (*nodeProcess, error) {
	cmd := exec.Command(node, "server.mjs")
	cmd.Dir = app
	cmd.Env = append(os.Environ(), "TOETS_OP_CONFIG="+config, "NODE_ENV=production")
	// Its own group, so that Close kills whatever it started too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	log := &cappedLog{limit: opLogLimit}
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	// server.mjs exits when its stdin closes: if this process dies without
	// Close, node does not outlive it.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("peers: starting %s: %w", node, err)
	}
	p := &nodeProcess{cmd: cmd, stdin: stdin, log: log, done: make(chan struct{})}
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		first, _ := r.ReadString('\n')
		lines <- first
		io.Copy(log, r)
		cmd.Wait()
		close(p.done)
	}()
	select {
	case first := <-lines:
		var ready struct{ Issuer string }
		if json.Unmarshal([]byte(first), &ready) == nil && strings.HasPrefix(ready.Issuer, "https://127.0.0.1:") {
			p.issuer = ready.Issuer
			return p, nil
		}
		p.kill()
		return nil, fmt.Errorf("peers: oidc-provider did not start (first line %q); its output:\n%s", first, log.String())
	case <-time.After(opStartTimeout):
		p.kill()
		return nil, fmt.Errorf("peers: oidc-provider printed no issuer within %s; its output:\n%s", opStartTimeout, log.String())
	}
}

// kill ends the process group and waits for node to be reaped.
func (p *nodeProcess) kill() {
	p.once.Do(func() {
		p.stdin.Close()
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
		}
	})
}

// cappedLog keeps the first limit bytes written to it.
type cappedLog struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	limit int
}

func (l *cappedLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := l.limit - l.buf.Len(); room > 0 {
		l.buf.Write(b[:min(len(b), room)])
	}
	return len(b), nil
}

func (l *cappedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// oidcProviderTarget describes the peer. Its metadata is OpenID Connect
// Discovery; the issuer has no trailing slash; UserInfo is the resource.
func oidcProviderTarget(issuer string) string {
	return strings.NewReplacer("ISSUER", issuer, "ONE", opClientID, "TWO", opSecondID, "PUBLIC", opPublicID,
		"USER", opUser, "DISPLAY", opUserName).Replace(`# panva's oidc-provider (npm) on Node.js, started by toets's tests.
name: oidc-provider (panva) on Node.js
profile: oidc
issuer: ISSUER
metadata_url: ISSUER/.well-known/openid-configuration
resource: {url: ISSUER/me}
tls: {ca_file: ca.pem}
clients:
  - {name: toets one, client_id: ONE, auth_method: client_secret_basic, secret: "file:client.secret", redirect_uri: "https://pgo-one.toets.invalid/callback"}
  - {name: toets two, client_id: TWO, auth_method: client_secret_basic, secret: "file:client2.secret", redirect_uri: "https://pgo-two.toets.invalid/callback", grant_types: [authorization_code, refresh_token, client_credentials]}
  - {name: toets public, client_id: PUBLIC, auth_method: none, redirect_uri: "https://pgo-public.toets.invalid/callback"}
users:
  - {name: USER, username: USER, password: "file:user.password", has_data: true, display_name: DISPLAY}
scopes: {granted: openid profile, unknown: toets-unknown-scope}
browser:
  login:
    - {do: fill, css: "#username", value: "{username}"}
    - {do: fill, css: "#password", value: "{password}"}
    - {do: click, css: "#login"}
  approve:
    - {do: click, css: "#approve"}
  deny:
    - {do: click, css: "#deny"}
`)
}
