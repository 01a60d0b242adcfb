package browser

// The request guard's enforcement: each session's incognito context sends
// every request through a small forward proxy of its own on loopback
// (TargetCreateBrowserContext's ProxyServer), and the proxy asks the
// session's requestGuard whether the destination may be reached.
//
// A proxy, rather than Fetch-domain interception of every request, because
// it also sees what CDP's Fetch domain on the page does not: WebSocket
// handshakes, dedicated and service workers, popups (new targets of the same
// context) and redirect hops, all without a round trip through our CDP
// connection per request. The bypass list "<-loopback>" removes Chromium's
// implicit "loopback goes direct" rule, so 127.0.0.x, a second host on the
// same machine, is guarded too.
//
// The proxy never reads a tunnel's bytes: TLS (and the SPKI list the browser
// trusts, trust.go) stays end to end between Chromium and the server. Plain
// HTTP is forwarded one request at a time and never follows a redirect:
// Chromium sends each hop again, and each hop is judged on its own.
//
// Requests Chromium answers itself never reach the proxy: the redirect URI,
// which the Fetch domain fulfils (session.go onPaused), data: and blob: URLs,
// and the memory cache.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"
)

// blockedHeader marks the proxy's own refusal of a plain-HTTP request, so
// the Network events can tell it from a server's 403 (guard.go).
const blockedHeader = "X-Toets-Blocked"

// dialTimeout bounds connecting to a server on the browser's behalf; Chromium
// would give up on its own later, but a proxy must not keep sockets forever.
const dialTimeout = 10 * time.Second

type guardProxy struct {
	ln     net.Listener
	srv    *http.Server
	tr     *http.Transport
	dialer *net.Dialer
	g      *requestGuard
}

// startProxy listens on an ephemeral loopback port and serves g's session.
func startProxy(g *requestGuard) (*guardProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("browser: starting the request guard: %w", err)
	}
	d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	p := &guardProxy{ln: ln, g: g, dialer: d}
	p.tr = &http.Transport{
		Proxy:       nil, // never an environment proxy: the guard decides where requests go
		DialContext: d.DialContext,
		// Passed through as the browser asked; decoding is the browser's.
		DisableCompression:  true,
		MaxIdleConnsPerHost: 8,
		IdleConnTimeout:     30 * time.Second,
	}
	p.srv = &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 10 * time.Second,
		// Chromium closing a tunnel mid-request is normal; not worth a log line.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	g.setSelf(ln.Addr().String())
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// url is the proxy's address as TargetCreateBrowserContext wants it.
func (p *guardProxy) url() string { return "http://" + p.ln.Addr().String() }

// close stops the listener and every connection it handed out. Idempotent;
// a nil proxy is fine.
func (p *guardProxy) close() {
	if p == nil {
		return
	}
	_ = p.srv.Close() // listener and the server's own connections
	p.g.killAll()     // hijacked tunnels, which the server no longer tracks
	p.tr.CloseIdleConnections()
}

func (p *guardProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	if !r.URL.IsAbs() || r.URL.Scheme != "http" {
		// Chromium sends https and ws(s) as CONNECT; anything else is
		// not a request of the browser's.
		http.Error(w, "toets: this is a forward proxy for one browser session", http.StatusBadRequest)
		return
	}
	p.forward(w, r)
}

// tunnel answers CONNECT host:port: HTTPS and WebSocket (ws and wss both).
func (p *guardProxy) tunnel(w http.ResponseWriter, r *http.Request) {
	hostport := r.Host
	live, err := p.g.admit(http.MethodConnect, hostport, "")
	if err != nil {
		refuse(w, err)
		return
	}
	defer p.g.done(live)
	ctx, cancel := context.WithTimeout(r.Context(), dialTimeout)
	dst, err := p.dialer.DialContext(ctx, "tcp", hostport)
	cancel()
	if err != nil {
		http.Error(w, "toets proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	if !live.attach(dst) {
		http.Error(w, "toets proxy: "+errGuarded.Error(), http.StatusForbidden)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "toets proxy: cannot tunnel", http.StatusInternalServerError)
		return
	}
	src, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	if !live.attach(src) {
		return
	}
	if _, err := io.WriteString(src, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		// Bytes the client sent right behind its CONNECT (a TLS
		// ClientHello) may sit in the server's read buffer.
		_, _ = io.Copy(dst, buf.Reader)
		closeWrite(dst)
		close(done)
	}()
	_, _ = io.Copy(src, dst)
	closeWrite(src)
	<-done
}

func closeWrite(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
}

// hopHeaders are meant for the proxy, not the server (RFC 9110 §7.6.1).
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func stripHop(h http.Header) {
	for _, f := range h.Values("Connection") {
		for _, name := range strings.Split(f, ",") {
			h.Del(strings.TrimSpace(name))
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
}

// forward sends one absolute-form plain-HTTP request and streams the answer
// back, redirects included, unfollowed.
func (p *guardProxy) forward(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Upgrade") != "" {
		// Chromium opens ws:// through a proxy with CONNECT, never so.
		http.Error(w, "toets proxy: upgrades go through CONNECT", http.StatusNotImplemented)
		return
	}
	hostport := r.URL.Host
	if r.URL.Port() == "" {
		hostport = net.JoinHostPort(r.URL.Hostname(), "80")
	}
	live, err := p.g.admit(r.Method, hostport, r.URL.String())
	if err != nil {
		refuse(w, err)
		return
	}
	defer p.g.done(live)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	if !live.attach(cancelCloser(cancel)) {
		refuse(w, errGuarded)
		return
	}
	out := r.Clone(ctx)
	out.RequestURI = ""
	stripHop(out.Header)
	if r.ContentLength == 0 {
		out.Body = nil
	}
	res, err := p.tr.RoundTrip(out)
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			return
		}
		http.Error(w, "toets proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer func() { _ = res.Body.Close() }()
	stripHop(res.Header)
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			_ = rc.Flush() // stream: event streams and long polls must not wait for a full buffer
		}
		if err != nil {
			return
		}
	}
}

type cancelCloser context.CancelFunc

func (c cancelCloser) Close() error { c(); return nil }

// refuse answers a request the guard stopped. Chromium shows its own error
// page for a refused CONNECT; a plain-HTTP refusal is shown as this page.
func refuse(w http.ResponseWriter, err error) {
	status := http.StatusForbidden
	if errors.Is(err, errUnresolvable) {
		status = http.StatusBadGateway
	} else {
		w.Header().Set(blockedHeader, "1")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Connection", "close")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "toets stopped this request: "+err.Error()+"\n")
}
