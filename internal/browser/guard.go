package browser

// Where a session's credentials may go.
//
// The rule: pages on hosts the target file does not name are never typed
// into, and once a value was typed into a session, no request of that
// session's browser context leaves for such a host: not a form post, not a
// redirect hop of one, not a script's beacon, fetch or WebSocket, not a
// worker's, an iframe's or a popup's request. Before the first fill anything
// may load (a login page's fonts from a CDN); the page could not know a
// credential yet.
//
// The proxy (proxy.go) enforces the rule: it is the only way out of the
// context and asks requestGuard.admit about each destination. It sees only
// host:port of a tunnel, so the Network events of the page describe what it
// stopped: the full URL, the method and what kind of request it was.

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/toets/toets/internal/agent"
)

var (
	errGuarded      = errors.New("a credential was typed in this browser session, and the target file does not name this host")
	errUnresolvable = errors.New("names under .invalid never resolve (RFC 6761 §6.4)")
	errLoop         = errors.New("a request to the guard itself")
)

// Guard limits where the session's credentials may go: pages on other hosts
// are not typed into, and once a value was typed no request of the session
// leaves for another host. hosts are host or host:port values
// (Target.AllowedHosts()). An empty list allows every host.
func (s *Session) Guard(hosts []string) {
	s.guard.setHosts(append([]string(nil), hosts...))
}

// GuardFills is the old name of Guard, which now also guards requests.
//
// Deprecated: use Guard.
func (s *Session) GuardFills(hosts []string) { s.Guard(hosts) }

// Blocked returns what the guard stopped in this session, in order.
func (s *Session) Blocked() []Blocked {
	list := s.guard.blocked()
	for i := range list {
		list[i].URL = s.redact(list[i].URL)
	}
	return list
}

// CredentialRedirects returns the redirects (to any host) of document
// requests sent after a credential was typed whose method was POST and whose
// status was 307 or 308: such a redirect makes the browser send the posted
// credentials again, to wherever the Location points. RFC 9700 §4.12: "An AS
// which redirects a request that potentially contains user credentials
// therefore MUST NOT use the HTTP 307 status code for redirection".
func (s *Session) CredentialRedirects() []Redirect {
	s.guard.mu.Lock()
	list := append([]Redirect(nil), s.guard.redirects...)
	s.guard.mu.Unlock()
	for i := range list {
		list[i].From, list[i].To = s.redact(list[i].From), s.redact(list[i].To)
	}
	return list
}

// fillAllowedAt refuses to type into a document at pageURL (the top page's,
// or an iframe's) unless the guard allows its host.
func (s *Session) fillAllowedAt(pageURL string) error {
	s.guard.mu.Lock()
	hosts := s.guard.hosts
	s.guard.mu.Unlock()
	if len(hosts) == 0 {
		return nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return fmt.Errorf("refusing to type into a page whose URL cannot be read: %v", err)
	}
	if hostAllowed(hosts, urlHostPort(u)) {
		return nil
	}
	return fmt.Errorf("refusing to type into a page at %s: the target file does not name that host, and a test user's credentials go nowhere else", u.Host)
}

// MatchURL reports whether url matches a script's URL glob, as Action.Match
// is matched; the HTTP agent uses the same rule.
func MatchURL(glob, url string) bool { return agent.MatchURL(glob, url) }

// hostAllowed: hostport (always with a port) is one of hosts. An entry
// without a port names its host on any port, as the fill guard always read
// it; an empty list allows everything.
func hostAllowed(hosts []string, hostport string) bool {
	if len(hosts) == 0 {
		return true
	}
	h, port, err := net.SplitHostPort(hostport)
	if err != nil {
		h, port = hostport, ""
	}
	h = normHost(h)
	if h == "" {
		return false
	}
	for _, a := range hosts {
		ah, ap, err := net.SplitHostPort(a)
		if err != nil {
			ah, ap = a, ""
		}
		if normHost(ah) == h && (ap == "" || ap == port) {
			return true
		}
	}
	return false
}

func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

// urlHostPort is u's host with the scheme's default port made explicit, as
// a CONNECT names it; "" for URLs that do not go to the network.
func urlHostPort(u *url.URL) string {
	if u.Host == "" {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	port := map[string]string{"http": "80", "ws": "80", "https": "443", "wss": "443"}[u.Scheme]
	if port == "" {
		return ""
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// requestGuard is a session's guard state. The proxy's goroutines, the
// script and the CDP event loop all use it, under its own lock, which is
// never held while calling out.
type requestGuard struct {
	mu    sync.Mutex
	hosts []string
	typed bool   // a value was typed since the last reset
	self  string // the proxy's own address: never a destination
	// refused are the proxy's refusals, in order.
	refused []refusal
	live    map[*liveConn]struct{}

	// From the page's Network events: the last hop of each request,
	// requests to hosts not allowed sent after typing (candidates for
	// Blocked), and the redirects of credential posts.
	reqs       map[proto.NetworkRequestID]*netRequest
	candidates []*netRequest
	redirects  []Redirect
}

type refusal struct {
	method, hostport, url string
	at                    time.Time
}

type netRequest struct {
	Blocked
	hostport   string
	at         time.Time
	afterTyped bool // the request's first hop was sent after typing
	passed     bool // answered by a server or the cache, so not stopped
}

func newRequestGuard() *requestGuard {
	return &requestGuard{live: map[*liveConn]struct{}{}, reqs: map[proto.NetworkRequestID]*netRequest{}}
}

// liveConn is a tunnel or forwarded request that is open now. Typing kills
// the ones to hosts that are not allowed, so a WebSocket or keep-alive
// connection opened before the fill cannot carry what is typed after it.
type liveConn struct {
	g        *requestGuard
	hostport string
	closers  []io.Closer
	killed   bool
}

func (g *requestGuard) setSelf(addr string) {
	g.mu.Lock()
	g.self = addr
	g.mu.Unlock()
}

func (g *requestGuard) setHosts(hosts []string) {
	g.mu.Lock()
	g.hosts = hosts
	var victims []io.Closer
	if g.typed {
		victims = g.sweepLocked(false)
	}
	g.mu.Unlock()
	closeAll(victims)
}

// arm records that a value is about to be typed. It returns once every open
// connection to a host that is not allowed is closed, so it must be called
// before the value reaches the page.
func (g *requestGuard) arm() {
	g.mu.Lock()
	g.typed = true
	victims := g.sweepLocked(false)
	g.mu.Unlock()
	closeAll(victims)
}

// reset forgets one scenario's guard for the next one on a reused session.
// Its connections go too: a tunnel the last scenario's page opened is not
// the next scenario's.
func (g *requestGuard) reset() {
	g.mu.Lock()
	g.hosts, g.typed = nil, false
	g.refused, g.candidates, g.redirects = nil, nil, nil
	g.reqs = map[proto.NetworkRequestID]*netRequest{}
	victims := g.sweepLocked(true)
	g.mu.Unlock()
	closeAll(victims)
}

func (g *requestGuard) killAll() {
	g.mu.Lock()
	victims := g.sweepLocked(true)
	g.mu.Unlock()
	closeAll(victims)
}

// sweepLocked marks as killed the live connections to hosts not allowed
// (all of them with everything) and returns what to close.
func (g *requestGuard) sweepLocked(everything bool) []io.Closer {
	var victims []io.Closer
	for lc := range g.live {
		if !lc.killed && (everything || !hostAllowed(g.hosts, lc.hostport)) {
			lc.killed = true
			victims = append(victims, lc.closers...)
			lc.closers = nil
		}
	}
	return victims
}

func closeAll(cs []io.Closer) {
	for _, c := range cs {
		_ = c.Close()
	}
}

// admit decides on a request for hostport and, if it may go, registers it
// as live. Registering under the same lock as the decision means a fill
// that arms the guard right after cannot miss the connection.
func (g *requestGuard) admit(method, hostport, fullURL string) (*liveConn, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, fmt.Errorf("unreadable destination %q", hostport)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, selfPort, _ := net.SplitHostPort(g.self); port == selfPort {
		if ip := net.ParseIP(host); strings.EqualFold(host, "localhost") || (ip != nil && ip.Equal(net.IPv4(127, 0, 0, 1))) {
			return nil, errLoop
		}
	}
	if g.typed && !hostAllowed(g.hosts, hostport) {
		g.refused = append(g.refused, refusal{method, hostport, fullURL, time.Now()})
		return nil, errGuarded
	}
	if h := normHost(host); h == "invalid" || strings.HasSuffix(h, ".invalid") {
		// The redirect URIs toets intercepts live there; one that was not
		// intercepted must fail at once, without a DNS query.
		return nil, errUnresolvable
	}
	lc := &liveConn{g: g, hostport: hostport}
	g.live[lc] = struct{}{}
	return lc, nil
}

// attach ties c to the connection's life. It reports false, and closes c,
// if the guard killed the connection meanwhile.
func (lc *liveConn) attach(c io.Closer) bool {
	lc.g.mu.Lock()
	if lc.killed {
		lc.g.mu.Unlock()
		_ = c.Close()
		return false
	}
	lc.closers = append(lc.closers, c)
	lc.g.mu.Unlock()
	return true
}

// done ends the connection and closes what was attached to it.
func (g *requestGuard) done(lc *liveConn) {
	g.mu.Lock()
	delete(g.live, lc)
	cs := lc.closers
	lc.closers = nil
	g.mu.Unlock()
	closeAll(cs)
}

// noteRequest records one hop of a request the page sends (Network
// events). status and from are set for a redirect hop. callback: the
// session answers it itself; it never reaches the proxy.
func (g *requestGuard) noteRequest(id proto.NetworkRequestID, method, rawURL, kind string, status int, from string, document, callback bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	prev := g.reqs[id]
	hop := &netRequest{Blocked: Blocked{Method: method, URL: rawURL, Kind: kind, Status: status}, at: time.Now(), afterTyped: g.typed}
	if prev != nil {
		hop.afterTyped = prev.afterTyped
		if status != 0 && document && prev.afterTyped && prev.Method == "POST" && (status == 307 || status == 308) {
			g.redirects = append(g.redirects, Redirect{Method: prev.Method, From: from, To: rawURL, Status: status})
		}
	}
	g.reqs[id] = hop
	if callback || !g.typed {
		return
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return
	}
	hop.hostport = urlHostPort(u)
	if hop.hostport != "" && !hostAllowed(g.hosts, hop.hostport) {
		g.candidates = append(g.candidates, hop)
	}
}

// notePassed: the request's last hop was answered by a server or the cache,
// not refused by the proxy.
func (g *requestGuard) notePassed(id proto.NetworkRequestID) {
	g.mu.Lock()
	if r := g.reqs[id]; r != nil {
		r.passed = true
	}
	g.mu.Unlock()
}

// blocked joins the proxy's refusals with their descriptions. A request the
// page's events describe counts when the proxy refused its host:port; a
// refusal no event describes (a worker's, a popup's, a speculative
// connection) is listed once per destination as "other".
func (g *requestGuard) blocked() []Blocked {
	g.mu.Lock()
	defer g.mu.Unlock()
	refusedHosts := map[string]bool{}
	for _, r := range g.refused {
		refusedHosts[r.hostport] = true
	}
	type entry struct {
		Blocked
		at time.Time
	}
	var out []entry
	described := map[string]bool{}
	for _, c := range g.candidates {
		if c.passed || !refusedHosts[c.hostport] {
			continue
		}
		out = append(out, entry{c.Blocked, c.at})
		described[c.hostport] = true
	}
	seen := map[string]bool{}
	for _, r := range g.refused {
		key := r.method + " " + r.hostport + " " + r.url
		if described[r.hostport] || seen[key] {
			continue
		}
		seen[key] = true
		u := r.url
		if u == "" {
			u = r.hostport
		}
		out = append(out, entry{Blocked{Method: r.method, URL: u, Kind: "other"}, r.at})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	list := make([]Blocked, len(out))
	for i, e := range out {
		list[i] = e.Blocked
	}
	return list
}

// Network event handlers, called from the session's event loop.

func (s *Session) onRequestWillBeSent(e *proto.NetworkRequestWillBeSent) {
	if e.Request == nil {
		return
	}
	full := e.Request.URL + e.Request.URLFragment
	s.mu.Lock()
	callback := s.isCallback(full)
	s.mu.Unlock()
	status, from := 0, ""
	if e.RedirectResponse != nil {
		status, from = e.RedirectResponse.Status, e.RedirectResponse.URL
	}
	s.guard.noteRequest(e.RequestID, e.Request.Method, full, requestKind(e), status, from,
		e.Type == proto.NetworkResourceTypeDocument, callback)
}

func requestKind(e *proto.NetworkRequestWillBeSent) string {
	if e.RedirectResponse != nil {
		return "redirect"
	}
	switch e.Type {
	case proto.NetworkResourceTypeDocument:
		if e.Request.Method == "POST" {
			return "form"
		}
		return "navigation"
	case proto.NetworkResourceTypePing:
		return "beacon"
	case proto.NetworkResourceTypeXHR, proto.NetworkResourceTypeFetch:
		return "fetch"
	case proto.NetworkResourceTypeWebSocket:
		return "websocket"
	}
	return "other"
}

func (s *Session) onWebSocketCreated(e *proto.NetworkWebSocketCreated) {
	s.guard.noteRequest(e.RequestID, "GET", e.URL, "websocket", 0, "", false, false)
}

// onResponse marks a request that got an answer other than the proxy's
// refusal.
func (s *Session) onResponse(e *proto.NetworkResponseReceived) {
	if e.Response == nil {
		return
	}
	for k := range e.Response.Headers {
		if strings.EqualFold(k, blockedHeader) {
			return
		}
	}
	s.guard.notePassed(e.RequestID)
}
