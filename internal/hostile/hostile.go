// Package hostile is a test fixture: an HTTPS server on 127.0.0.1 that
// behaves like the broken servers toets meets in the field. Its metadata is
// sound, so the harness gets as far as the endpoints; the token, resource and
// authorization endpoints then misbehave in the way the chosen Mode says.
// The harness must turn each misbehaviour into a clear failed or errored
// scenario within its deadlines, and go on.
package hostile

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Mode is one kind of misbehaviour.
type Mode string

// The modes. Each names what a real broken server did.
const (
	NoResponse         Mode = "no-response"          // accepts the request, never answers
	HeadersThenSilence Mode = "headers-then-silence" // sends headers, then nothing
	Trickle            Mode = "trickle"              // a body one byte a second
	HugeBody           Mode = "huge-body"            // a 50 MB body
	HTMLInsteadOfJSON  Mode = "html-instead-of-json" // an HTML error page where JSON is due
	InvalidJSON        Mode = "invalid-json"         // JSON cut in the middle
	DuplicateKeys      Mode = "duplicate-keys"       // {"error":"invalid_grant","error":"access_denied"}
	InvalidUTF8        Mode = "invalid-utf8"         // JSON with bytes that are not UTF-8
	RedirectLoop       Mode = "redirect-loop"        // 302 to itself
	RedirectElsewhere  Mode = "redirect-elsewhere"   // 307 to another host, which would receive the credentials
	ResetConnection    Mode = "reset-connection"     // closes the TCP connection mid-request
	ServerError        Mode = "server-error"         // 500 with a stack trace
	FormNeverAppears   Mode = "form-never-appears"   // the login page never shows its form
	JSDialog           Mode = "js-dialog"            // the login page opens an alert()
	NavigatesForever   Mode = "navigates-forever"    // the login page reloads itself for ever
	LoginElsewhere     Mode = "login-elsewhere"      // the login page is on a host the target file does not name
)

// Modes lists every mode, for table-driven tests.
var Modes = []Mode{NoResponse, HeadersThenSilence, Trickle, HugeBody, HTMLInsteadOfJSON, InvalidJSON, DuplicateKeys,
	InvalidUTF8, RedirectLoop, RedirectElsewhere, ResetConnection, ServerError, FormNeverAppears, JSDialog, NavigatesForever, LoginElsewhere}

// Server is a running hostile server.
type Server struct {
	Mode Mode
	srv  *httptest.Server
	// elsewhere serves the login page of LoginElsewhere, on another port:
	// another host as far as the target file is concerned.
	elsewhere *httptest.Server
	// stop ends handlers that would otherwise wait for ever.
	stop chan struct{}
	once sync.Once
}

// Start serves mode on 127.0.0.1 over HTTPS.
func Start(mode Mode) *Server {
	s := &Server{Mode: mode, stop: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/oauth-authorization-server", s.metadata)
	mux.HandleFunc("/token", s.misbehave)
	mux.HandleFunc("/resource", s.misbehave)
	mux.HandleFunc("/authorize", s.authorize)
	s.srv = httptest.NewUnstartedServer(mux)
	s.srv.Listener.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	s.srv.Listener = ln
	s.srv.StartTLS()
	if mode == LoginElsewhere {
		s.elsewhere = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><form method="post"><input id="username" name="u"><input id="password" name="p" type="password"><button id="login">Login</button></form>`)
		}))
		s.elsewhere.Listener.Close()
		ln2, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		s.elsewhere.Listener = ln2
		s.elsewhere.StartTLS()
	}
	return s
}

// URL is the issuer.
func (s *Server) URL() string { return s.srv.URL }

// CAPEM is the certificate to trust.
func (s *Server) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Close stops the server, ending any handler that still waits.
func (s *Server) Close() {
	s.once.Do(func() { close(s.stop) })
	s.srv.CloseClientConnections()
	s.srv.Close()
	if s.elsewhere != nil {
		s.elsewhere.Close()
	}
}

func (s *Server) metadata(w http.ResponseWriter, r *http.Request) {
	u := s.srv.URL
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"issuer":                           u,
		"authorization_endpoint":           u + "/authorize",
		"token_endpoint":                   u + "/token",
		"response_types_supported":         []string{"code"},
		"code_challenge_methods_supported": []string{"S256"},
	})
}

// wait blocks until the server closes or d passes.
func (s *Server) wait(d time.Duration) {
	select {
	case <-s.stop:
	case <-time.After(d):
	}
}

func (s *Server) misbehave(w http.ResponseWriter, r *http.Request) {
	switch s.Mode {
	case NoResponse:
		s.wait(time.Hour)
	case HeadersThenSilence:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		w.(http.Flusher).Flush()
		s.wait(time.Hour)
	case Trickle:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		for _, b := range []byte(`{"error":"invalid_grant"}`) {
			w.Write([]byte{b})
			w.(http.Flusher).Flush()
			s.wait(time.Second)
			select {
			case <-s.stop:
				return
			case <-r.Context().Done():
				return
			default:
			}
		}
	case HugeBody:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		w.Write([]byte(`{"error":"invalid_grant","padding":"`))
		for i := 0; i < 50; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		w.Write([]byte(`"}`))
	case HTMLInsteadOfJSON:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(400)
		fmt.Fprint(w, "<html><body><h1>Bad Request</h1></body></html>")
	case InvalidJSON:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"invalid_gr`)
	case DuplicateKeys:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Pragma", "no-cache")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"access_denied","error":"invalid_grant"}`)
	case InvalidUTF8:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Pragma", "no-cache")
		w.WriteHeader(400)
		w.Write([]byte("{\"error\":\"invalid_grant\",\"error_description\":\"bad \xff\xfe bytes\"}"))
	case RedirectLoop:
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	case RedirectElsewhere:
		http.Redirect(w, r, "https://collector.hostile.invalid"+r.URL.Path, http.StatusTemporaryRedirect)
	case ResetConnection:
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		}
	default:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(500)
		fmt.Fprint(w, "panic: runtime error: invalid memory address\ngoroutine 1 [running]:\nmain.token()")
	}
}

// authorize serves the login page of the browser modes; the HTTP modes
// misbehave here too.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	page := func(body string) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><html><body>"+body+"</body></html>")
	}
	switch s.Mode {
	case FormNeverAppears:
		page(`<p>Loading…</p>`)
	case JSDialog:
		page(`<script>alert("Your session has expired")</script><form><input id="username"><input id="password" type="password"><button id="login">Login</button></form>`)
	case LoginElsewhere:
		http.Redirect(w, r, s.elsewhere.URL+"/login", http.StatusFound)
	case NavigatesForever:
		page(`<p>Redirecting…</p><script>setTimeout(function(){location.reload()}, 50)</script>`)
	default:
		s.misbehave(w, r)
	}
}

// Target is a target file for the server, in YAML, with the CA file and
// the secret files it names in dir.
func (s *Server) Target(caFile string) string {
	return strings.NewReplacer("ISSUER", s.URL(), "CAFILE", caFile).Replace(`name: hostile
profile: medmij
issuer: ISSUER
resource: {url: ISSUER/resource}
tls: {ca_file: CAFILE}
clients:
  - {name: one, client_id: pgo-one.toets.invalid, auth_method: client_secret_basic, secret: "file:client.secret", redirect_uri: "https://pgo-one.toets.invalid/callback"}
users:
  - {name: alice, username: alice, password: "file:user.password", has_data: true, display_name: Alice Toets}
scopes: {granted: eenofanderezorgaanbieder}
browser:
  login:
    - {do: fill, css: "#username", value: "{username}"}
    - {do: fill, css: "#password", value: "{password}"}
    - {do: click, css: "#login"}
  approve: [{do: click, css: "#approve"}]
  deny: [{do: click, css: "#deny"}]
`)
}
