package browser

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Session is one user in one isolated incognito context with one page: its
// own cookie jar, so scenarios never share a login. Requests to the callback
// prefixes are answered by the session itself and never reach the network.
//
// A Session is driven by one goroutine at a time (Navigate, Run, ...);
// Reached, Shots and URL may be called from any goroutine.
type Session struct {
	b        *Browser
	timeout  time.Duration
	prefixes []string
	inc      *rod.Browser // the incognito context; its ctx lives until Close
	page     *rod.Page    // untimed; every call derives a bounded clone (pitfall 8)
	cancel   context.CancelFunc

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every page event we track
	nav      navState
	callback *url.URL // first document request to a callback prefix
	served   bool     // the callback request has been fulfilled
	shots    []Shot
	secrets  []string // filled values, redacted from captions
	shotNav  int      // nav.committed when the last step screenshot was taken
	shotURL  string   // and the URL at that moment
	// callbackShot: the callback page's screenshot has been scheduled
	callbackShot bool
	log          []string
	// guard decides where the session's requests may go (guard.go); proxy
	// is the only way out of the incognito context, and lives with it.
	guard *requestGuard
	proxy *guardProxy

	// docHeader are the response headers of the main frame's last
	// document (DocumentHeader).
	docHeader http.Header
	docURL    string // the URL docHeader was received for

	// pausedLoop: the Fetch.requestPaused loop runs (intercept).
	pausedLoop bool
	// origins are the origins the page has shown, whose storage the reset
	// for the next scenario clears.
	origins map[string]bool
	// closed: Close was called; a reset for reuse clears it.
	closed bool
}

// navState follows the main frame through navigations using CDP events, so
// waits can react to "the page changed" without polling or fixed sleeps.
type navState struct {
	started   int    // navigation requested or loading started
	committed int    // a new document replaced the old one
	stopped   int    // loading finished (or a navigation was cancelled)
	loading   bool   // between frameStartedLoading and frameStoppedLoading
	loaded    bool   // the load event fired for the current document
	url       string // URL of the current document, with fragment
	// subStarted and subStopped count loads of iframes, so a click that
	// submits a form inside a frame can be waited for like a navigation.
	subStarted, subStopped int
}

// callbackPage is what the browser shows once the redirect URI is reached.
// It shows the URL so the screenshot itself carries the evidence.
const callbackPage = `<!doctype html><meta charset="utf-8"><title>callback reached</title>` +
	`<body style="font-family:sans-serif"><h1>callback reached</h1>` +
	`<p style="word-break:break-all"><code>%s</code></p>` +
	`<p>toets intercepted this request; it did not reach the client.</p></body>`

// Session opens an isolated incognito context with one blank page. Requests
// whose URL starts with any of callbackPrefixes are intercepted: their URL is
// captured (see Callback) and a small "callback reached" page is served.
//
// Opening a context and page costs ~0.3 s, most of it Chrome starting a
// renderer process for the new context. So a session that closes is reset
// in the background and becomes the next one (reuse.go), or, where it
// cannot be, the browser prepares a fresh one; Session hands it out
// (waiting for it if it is not quite ready, which beats starting over). Only
// the interception, which depends on callbackPrefixes, is added on the spot.
// Preparing at Close rather than at hand-out keeps that work from competing
// for the CPU with a running login.
func (b *Browser) Session(ctx context.Context, callbackPrefixes []string) (*Session, error) {
	rb, err := b.connect(ctx)
	if err != nil {
		return nil, err
	}
	s := b.takeSpare(ctx)
	if s == nil {
		s, err = b.openSession(ctx, rb)
	}
	if err != nil {
		return nil, fmt.Errorf("browser: new session: %w", err)
	}
	if err := s.intercept(ctx, callbackPrefixes); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("browser: new session: %w", err)
	}
	return s, nil
}

type spareResult struct {
	s   *Session
	err error
}

// maxSpares is how many sessions are kept ready. Two were measured: back to
// back, a scenario no longer waited ~150 ms for the spare the previous Close
// had just begun to open, but the flows slowed by as much (two renderers
// starting beside a login on 2 cores), the whole suite was no faster
// (22.7 s against 22.1-22.9 s) and Chromium took 350 MB more. So one.
const maxSpares = 1

// spareBuffer is the spare channel's room. A spare claimed by a scenario
// whose deadline passed before it arrived lands in the channel unclaimed
// next to the counted ones, so the room is far above maxSpares: no sender
// ever blocks.
const spareBuffer = 64

// prepareSpare starts opening sessions in the background until maxSpares
// are ready or on their way.
func (b *Browser) prepareSpare() {
	b.mu.Lock()
	if b.closed || !b.launched || b.spares >= maxSpares {
		b.mu.Unlock()
		return
	}
	n := maxSpares - b.spares
	b.spares = maxSpares
	rb := b.rod
	b.mu.Unlock()
	for range n {
		go func() {
			s, err := b.openSession(context.Background(), rb)
			if err == nil {
				s.warmUp()
			}
			b.mu.Lock()
			closed := b.closed
			b.mu.Unlock()
			if closed && s != nil {
				s.cancel() // its context died with the browser; just stop our loops
			}
			b.spare <- spareResult{s, err} // spareBuffer: never blocks
		}()
	}
}

// takeSpare returns the prepared session, waiting for it if it is still
// being opened (finishing that is faster than starting another), or nil.
func (b *Browser) takeSpare(ctx context.Context) *Session {
	// Claim one counted spare before waiting: with several scenarios at
	// once, each waits only for a spare no other one has claimed. Waiting
	// for "any" spare let two wait for one, and the loser waited for a
	// session that only a scenario's Close could bring, until its deadline.
	b.mu.Lock()
	if b.spares == 0 {
		b.mu.Unlock()
		return nil
	}
	b.spares--
	b.mu.Unlock()
	select {
	case r := <-b.spare:
		if r.err != nil {
			return nil
		}
		return r.s
	case <-b.done:
		return nil
	case <-ctx.Done():
		// The claimed spare still arrives; it is counted again, for the
		// next one to take.
		b.mu.Lock()
		b.spares++
		b.mu.Unlock()
		return nil
	}
}

// openSession creates an incognito context with a blank page and starts
// following its navigations.
// openSessionTimeout bounds opening an incognito context and its page.
const openSessionTimeout = 20 * time.Second

func (b *Browser) openSession(ctx context.Context, rb *rod.Browser) (*Session, error) {
	// The page's event loops live as long as sctx, so sctx cannot be the
	// caller's ctx; a guard cancels it only if the setup itself hangs.
	sctx, cancel := context.WithCancel(context.Background())
	// Opening a session is not a page action: on a loaded machine the first
	// renderer of a fresh browser can take seconds, so it gets its own bound.
	limit := max(b.opts.ActionTimeout, openSessionTimeout)
	disarm := guard(ctx, limit, cancel)
	s := &Session{
		b:       b,
		timeout: b.opts.ActionTimeout,
		changed: make(chan struct{}),
		guard:   newRequestGuard(),
	}
	// Everything that stops a session's event loops also stops its proxy:
	// a context whose proxy is gone can reach nothing at all.
	s.cancel = func() {
		cancel()
		s.proxy.close()
	}
	err := s.open(sctx, rb)
	if !disarm() && err == nil {
		err = fmt.Errorf("opening a browser session took longer than %s", limit)
	}
	if err != nil {
		s.cancel()
		_ = s.dispose()
		return nil, err
	}
	return s, nil
}

func (s *Session) open(sctx context.Context, rb *rod.Browser) error {
	// rod's Incognito, with the context's own proxy: every request of the
	// context, loopback included, passes the guard (proxy.go).
	if !s.b.opts.noProxy {
		proxy, err := startProxy(s.guard)
		if err != nil {
			return err
		}
		s.proxy = proxy
	}
	create := proto.TargetCreateBrowserContext{}
	if s.proxy != nil {
		create.ProxyServer, create.ProxyBypassList = s.proxy.url(), "<-loopback>"
	}
	rbc := rb.Context(sctx)
	res, err := create.Call(rbc)
	if err != nil {
		return err
	}
	inc := *rbc
	inc.BrowserContextID = res.BrowserContextID
	s.inc = &inc
	page, err := inc.Page(proto.TargetCreateTarget{})
	if err != nil {
		return err
	}
	s.page = page
	mainFrame := page.FrameID
	// A fixed 1280x800 viewport, like a common laptop, so screenshots of
	// different runs compare; --window-size would include the window frame.
	if err := (proto.EmulationSetDeviceMetricsOverride{Width: 1280, Height: 800, DeviceScaleFactor: 1}).Call(page); err != nil {
		return err
	}

	go page.EachEvent(
		func(e *proto.PageFrameRequestedNavigation) {
			if e.FrameID == mainFrame && e.Disposition == proto.PageClientNavigationDispositionCurrentTab {
				s.update(func(n *navState) { n.started++ })
			}
		},
		func(e *proto.PageFrameStartedLoading) {
			if e.FrameID == mainFrame {
				s.update(func(n *navState) { n.started++; n.loading = true })
			} else {
				s.update(func(n *navState) { n.subStarted++ })
			}
		},
		func(e *proto.PageFrameNavigated) {
			s.noteOrigin(e.Frame.SecurityOrigin)
			if e.Frame.ParentID == "" {
				s.update(func(n *navState) {
					n.committed++
					n.loaded = false
					n.url = e.Frame.URL + e.Frame.URLFragment
				})
			}
		},
		func(e *proto.PageNavigatedWithinDocument) {
			if e.FrameID == mainFrame {
				s.update(func(n *navState) { n.url = e.URL })
			}
		},
		func(e *proto.PageFrameStoppedLoading) {
			if e.FrameID == mainFrame {
				s.update(func(n *navState) { n.stopped++; n.loading = false })
			} else {
				s.update(func(n *navState) { n.subStopped++ })
			}
		},
		func(*proto.PageLoadEventFired) {
			s.update(func(n *navState) { n.loaded = true })
		},
		// Subscribing makes rod enable the Network domain: the headers
		// of each document the main frame receives (DocumentHeader).
		func(e *proto.NetworkRequestWillBeSent) { s.onRequestWillBeSent(e) },
		func(e *proto.NetworkWebSocketCreated) { s.onWebSocketCreated(e) },
		func(e *proto.NetworkRequestServedFromCache) { s.guard.notePassed(e.RequestID) },
		func(e *proto.NetworkResponseReceived) {
			s.onResponse(e)
			if e.Type == proto.NetworkResourceTypeDocument && e.FrameID == mainFrame && e.Response != nil {
				h := documentHeader(e.Response.Headers)
				s.mu.Lock()
				s.docHeader, s.docURL = h, e.Response.URL
				s.broadcastLocked()
				s.mu.Unlock()
			}
		},
	)()
	return nil
}

// warmUpPage lays out a small form. A new incognito context gets a fresh
// renderer process, and its first layout with text and form controls pays
// one-time costs (fonts, styles, V8 code) of ~0.1-0.3 s on 2 cores. Paying
// them in the spare, off the critical path, makes the first page of the next
// scenario appear ~70 ms sooner. The page is replaced by Navigate before any
// screenshot.
const warmUpPage = `document.body.innerHTML = '<h1>toets</h1><form><label>a <input id="a"></label>' +
  '<input type="password"><select><option>b</select><button>c</button></form>';
document.body.offsetHeight; document.getElementById('a').focus(); document.body.innerHTML = ''; 0`

func (s *Session) warmUp() {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	_, _ = s.evaluate(ctx, warmUpPage, true)
}

// intercept makes requests to the callback prefixes pause in the browser and
// be answered by onPaused.
func (s *Session) intercept(ctx context.Context, prefixes []string) error {
	s.mu.Lock()
	s.prefixes = append([]string(nil), prefixes...)
	s.mu.Unlock()
	if len(prefixes) == 0 {
		if s.pausedLoop {
			// A reused session: the last scenario's patterns go.
			p, _, cancel := s.bounded(ctx, 0)
			defer cancel()
			return proto.FetchDisable{}.Call(p)
		}
		return nil
	}
	patterns := make([]*proto.FetchRequestPattern, len(prefixes))
	for i, p := range prefixes {
		patterns[i] = &proto.FetchRequestPattern{URLPattern: fetchPattern(p)}
	}
	p, _, cancel := s.bounded(ctx, 0)
	defer cancel()
	// Enabled before EachEvent subscribes, so rod sees the domain as enabled
	// and does not replace our patterns with "intercept everything".
	if err := (proto.FetchEnable{Patterns: patterns}).Call(p); err != nil {
		return err
	}
	// We answer paused requests ourselves instead of using rod's
	// HijackRouter: the fulfil happens inside this handler, so once the
	// callback is marked served nothing can let Chrome continue the request
	// to the network (toolchain pitfall 7), and no goroutine is spawned per
	// request. A reused session keeps the loop it already has.
	if !s.pausedLoop {
		s.pausedLoop = true
		go s.page.EachEvent(s.onPaused)()
	}
	return nil
}

// fetchPattern turns a URL prefix into a CDP Fetch pattern: '*' and '?' are
// wildcards there, and redirect URIs may legitimately contain a '?'.
func fetchPattern(prefix string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`)
	return r.Replace(prefix) + "*"
}

func (s *Session) isCallback(u string) bool {
	for _, p := range s.prefixes {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// onPaused runs in rod's event goroutine: it must never panic or assert,
// and it must answer every paused request or the page hangs.
func (s *Session) onPaused(e *proto.FetchRequestPaused) {
	ctx, cancel := context.WithTimeout(s.page.GetContext(), s.timeout)
	defer cancel()
	p := s.page.Context(ctx)
	full := e.Request.URL + e.Request.URLFragment
	s.mu.Lock()
	callback := s.isCallback(full)
	s.mu.Unlock()
	if !callback {
		// Only possible if Chrome's pattern matching is looser than ours.
		_ = proto.FetchContinueRequest{RequestID: e.RequestID}.Call(p)
		return
	}
	if e.ResourceType != proto.NetworkResourceTypeDocument {
		// favicon and friends: answered, never captured, never on the network.
		_ = proto.FetchFulfillRequest{RequestID: e.RequestID, ResponseCode: 404, Body: []byte{}}.Call(p)
		return
	}
	first := false
	if u, err := url.Parse(full); err == nil {
		s.mu.Lock()
		if s.callback == nil {
			s.callback, first = u, true
			s.broadcastLocked()
		}
		s.mu.Unlock()
	}
	_ = proto.FetchFulfillRequest{
		RequestID:    e.RequestID,
		ResponseCode: 200,
		ResponseHeaders: []*proto.FetchHeaderEntry{
			{Name: "Content-Type", Value: "text/html; charset=utf-8"},
			{Name: "Cache-Control", Value: "no-store"},
		},
		Body: []byte(fmt.Sprintf(callbackPage, html.EscapeString(full))),
	}.Call(p)
	if first {
		s.mu.Lock()
		s.served = true
		s.broadcastLocked()
		s.mu.Unlock()
	}
}

func (s *Session) update(f func(*navState)) {
	s.mu.Lock()
	f(&s.nav)
	s.broadcastLocked()
	s.mu.Unlock()
}

func (s *Session) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond (called with mu held) is true or ctx ends; it
// reports whether cond became true. Event driven: no polling.
func (s *Session) waitFor(ctx context.Context, cond func() bool) bool {
	for {
		s.mu.Lock()
		ok, ch := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (s *Session) snapshot() navState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nav
}

// bounded returns a page clone whose calls end with ctx or after d.
func (s *Session) bounded(ctx context.Context, d time.Duration) (*rod.Page, context.Context, context.CancelFunc) {
	if d <= 0 {
		d = s.timeout
	}
	c, cancel := context.WithTimeout(ctx, d)
	return s.page.Context(c), c, cancel
}

// Navigate loads url in the session's page. It returns once the navigation
// has committed (or was answered by the callback interception); it does not
// wait for the load event, because scripts wait for exactly the element they
// need, which is faster and more precise.
func (s *Session) Navigate(ctx context.Context, rawURL string) error {
	p, _, cancel := s.bounded(ctx, 0)
	defer cancel()
	res, err := proto.PageNavigate{URL: rawURL}.Call(p)
	if err != nil {
		return fmt.Errorf("browser: navigating to %s: %w", rawURL, err)
	}
	if res.ErrorText != "" {
		return fmt.Errorf("browser: navigating to %s: %s", rawURL, res.ErrorText)
	}
	return nil
}

// Callback waits, bounded by ctx and the action timeout, until the browser
// requests a URL under one of the callback prefixes, and returns that URL
// (with the fragment, if the server used one).
func (s *Session) Callback(ctx context.Context) (*url.URL, error) {
	c, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if s.waitFor(c, func() bool { return s.callback != nil }) {
		u, _ := s.Reached()
		return u, nil
	}
	at := s.redact(s.URL())
	_ = s.Screenshot(context.WithoutCancel(ctx), "redirect URI not reached")
	s.mu.Lock()
	prefixes := strings.Join(s.prefixes, ", ")
	s.mu.Unlock()
	return nil, fmt.Errorf("browser: the redirect URI (%s) was not reached within %s; the browser is on %s",
		prefixes, s.timeout, at)
}

// DocumentHeader returns the response headers of the document the main
// frame shows, or nil when they were not seen. Headers only a page's server
// can set, such as X-Frame-Options, are read here. The Network event that
// carries them may come in after the navigation was seen, so it waits for
// it, bounded by the action timeout.
func (s *Session) DocumentHeader(ctx context.Context) http.Header {
	c, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var h http.Header
	s.waitFor(c, func() bool {
		cur := s.nav.url
		if i := strings.IndexByte(cur, '#'); i >= 0 {
			cur = cur[:i]
		}
		if s.docURL != "" && s.docURL == cur {
			h = s.docHeader.Clone()
			return true
		}
		return false
	})
	return h
}

// documentHeader turns CDP's headers into an http.Header; CDP joins the
// values of a repeated header with a newline.
func documentHeader(in proto.NetworkHeaders) http.Header {
	h := http.Header{}
	for k, v := range in {
		for _, line := range strings.Split(v.Str(), "\n") {
			h.Add(k, line)
		}
	}
	return h
}

// Reached returns the captured callback URL without waiting.
func (s *Session) Reached() (*url.URL, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.callback == nil {
		return nil, false
	}
	u := *s.callback
	return &u, true
}

// URL is the URL of the document currently shown, as reported by the
// navigation events; before any event it asks the browser.
func (s *Session) URL() string {
	s.mu.Lock()
	u := s.nav.url
	s.mu.Unlock()
	if u != "" {
		return u
	}
	p, _, cancel := s.bounded(context.Background(), 0)
	defer cancel()
	if info, err := p.Info(); err == nil {
		return info.URL
	}
	return ""
}

// Text returns the visible text of the current page (body innerText), once
// the document has been parsed.
func (s *Session) Text(ctx context.Context) (string, error) {
	c, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	res, err := s.evaluate(c, `(document.readyState === 'loading'
		? new Promise(r => document.addEventListener('DOMContentLoaded', r, {once: true}))
		: Promise.resolve()).then(() => document.body ? document.body.innerText : "")`, true)
	if err != nil {
		return "", fmt.Errorf("browser: reading the page text on %s: %w", s.URL(), err)
	}
	return res.Value.Str(), nil
}

// Has reports whether an element matching sel is present and rendered right
// now, without waiting for it to appear (only for the current document to be
// parsed). A hidden element counts as absent: the agent reports what a user
// would see.
func (s *Session) Has(ctx context.Context, sel Selector) (bool, error) {
	if err := sel.Validate(); err != nil {
		return false, err
	}
	c, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var obj *proto.RuntimeRemoteObject
	var err error
	if sel.Frame != "" {
		obj, err = s.findInFrame(c, sel, 0)
	} else {
		obj, err = s.evaluate(c, findExpr(sel, 0), false)
	}
	if err != nil {
		return false, fmt.Errorf("browser: looking for %s on %s: %w", sel, s.URL(), err)
	}
	return obj.Subtype == proto.RuntimeRemoteObjectSubtypeNode, nil
}

// Screenshot adds a PNG of the current viewport to Shots. Filled values
// (passwords) are removed from the caption and the recorded URL.
func (s *Session) Screenshot(ctx context.Context, caption string) error {
	if _, reached := s.Reached(); reached {
		// The callback page is toets's own stand-in for the client: its
		// URL is the evidence (see finalShot). Capturing it can also stall
		// for the whole action timeout once Chrome has swapped the page's
		// renderer for the intercepted navigation, as it does for a
		// failure screenshot after a redirect to an unregistered URI.
		s.logf("screenshot %q skipped: the browser is at the client's redirect URI", caption)
		return nil
	}
	return s.capture(ctx, caption, s.URL())
}

func (s *Session) capture(ctx context.Context, caption, pageURL string) error {
	p, c, cancel := s.bounded(ctx, 0)
	defer cancel()
	restore, err := s.maskFields(c)
	if err != nil {
		restore()
		return fmt.Errorf("browser: screenshot not taken, typed values could not be hidden: %w", err)
	}
	shot, err := proto.PageCaptureScreenshot{
		Format:           proto.PageCaptureScreenshotFormatPng,
		OptimizeForSpeed: true, // faster zlib level; the PNG is ~2x larger, still ~25 KB for a login page
	}.Call(p)
	restore()
	if err != nil {
		return fmt.Errorf("browser: screenshot: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shots = append(s.shots, Shot{Caption: s.redactLocked(caption), URL: s.redactLocked(pageURL), PNG: shot.Data, Taken: time.Now()})
	return nil
}

// Shots returns the screenshots taken so far, oldest first.
func (s *Session) Shots() []Shot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Shot(nil), s.shots...)
}

// Log returns one line per script step: what was done, on which URL, how
// long it took, or why it was skipped. Values are never logged.
func (s *Session) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

func (s *Session) logf(format string, args ...interface{}) {
	s.mu.Lock()
	s.log = append(s.log, s.redactLocked(fmt.Sprintf(format, args...)))
	s.mu.Unlock()
}

// redact replaces filled values (passwords, usernames) in text: they must
// never reach a report, not even when a server echoes them in a URL.
func (s *Session) redact(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.redactLocked(text)
}

func (s *Session) redactLocked(text string) string {
	for _, v := range s.secrets {
		text = strings.ReplaceAll(text, v, "[redacted]")
		// As a page's script or form puts it into a URL.
		for _, enc := range []string{url.QueryEscape(v), url.PathEscape(v)} {
			if enc != v {
				text = strings.ReplaceAll(text, enc, "[redacted]")
			}
		}
	}
	return text
}

// Close disposes of the incognito context (cookies, page, everything). If
// the callback was captured it first waits, briefly, until the intercepted
// request was answered and the callback page loaded, so that nothing is left
// paused that Chrome could continue to the real network (pitfall 7).
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	caught := s.callback != nil
	s.mu.Unlock()
	if caught {
		s.waitCallbackLoaded(context.Background(), 2*time.Second)
	}
	if (!caught || s.callbackLoaded()) && s.b.reuse(s) {
		return nil
	}
	s.cancel() // stops our event loop; nothing paused can remain unanswered
	// Disposing the context takes ~50 ms of Chrome's time that no caller
	// waits for: the evidence has been read, and a request still paused
	// dies with the context whenever it goes. Browser.Close waits for the
	// disposals it started.
	s.b.background(func() { _ = s.dispose() })
	s.b.prepareSpare()
	return nil
}

// callbackLoaded: the callback page was served and finished loading, so
// no request to the redirect URI is still paused.
func (s *Session) callbackLoaded() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served && s.nav.loaded && s.isCallback(s.nav.url)
}

func (s *Session) noteOrigin(origin string) {
	if origin == "" || origin == "null" || origin == "://" {
		return
	}
	s.mu.Lock()
	if s.origins == nil {
		s.origins = map[string]bool{}
	}
	s.origins[origin] = true
	s.mu.Unlock()
}

// waitCallbackLoaded waits until the callback request was fulfilled and the
// callback page finished loading.
func (s *Session) waitCallbackLoaded(ctx context.Context, d time.Duration) bool {
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return s.waitFor(c, func() bool {
		return s.served && s.nav.loaded && s.isCallback(s.nav.url)
	})
}

// dispose removes the incognito context; Chrome closes its page with it.
// Disposing instead of Fetch.disable means a request that is still paused
// dies with the context rather than being continued to the network.
func (s *Session) dispose() error {
	if s.inc == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	err := proto.TargetDisposeBrowserContext{BrowserContextID: s.inc.BrowserContextID}.Call(s.b.rodContext(ctx))
	if s.page != nil {
		s.inc.RemoveState(s.page.TargetID) // rod caches every page it ever saw
	}
	if err != nil && !s.b.Started() {
		return nil // the whole browser is gone already, and the context with it
	}
	if err != nil {
		return fmt.Errorf("browser: closing session: %w", err)
	}
	return nil
}

// rodContext is the shared rod browser bound to ctx, for calls that outlive
// a session's own context.
func (b *Browser) rodContext(ctx context.Context) *rod.Browser {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rod.Context(ctx)
}

// evaluate runs a JS expression in the main frame's current document. While
// a navigation swaps documents the call can fail with a transient CDP error;
// those are retried as soon as the page changes, until ctx ends. A JS
// exception (an invalid selector, say) is returned at once.
func (s *Session) evaluate(ctx context.Context, expr string, byValue bool) (*proto.RuntimeRemoteObject, error) {
	p := s.page.Context(ctx)
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		res, err := proto.RuntimeEvaluate{Expression: expr, AwaitPromise: true, ReturnByValue: byValue}.Call(p)
		if err == nil {
			if res.ExceptionDetails != nil {
				return nil, &jsError{res.ExceptionDetails}
			}
			return res.Result, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		select {
		case <-ch:
		case <-time.After(20 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// jsError is an exception thrown by our own page script, which with valid
// scripts only happens for an invalid CSS selector or XPath.
type jsError struct {
	d *proto.RuntimeExceptionDetails
}

func (e *jsError) Error() string {
	msg := e.d.Text
	if e.d.Exception != nil && e.d.Exception.Description != "" {
		msg = strings.SplitN(e.d.Exception.Description, "\n", 2)[0]
	}
	return msg
}
