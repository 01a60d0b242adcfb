package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"

	"github.com/toets/toets/internal/agent"
	"github.com/ysmood/gson"
)

// StepError explains why a script step failed: which step, what it waited
// for and on which page. Vendors read these in reports.
type StepError struct {
	Step    int    // 1-based
	Action  string // e.g. "fill #password"; never contains the value
	URL     string // the page the browser was on
	Timeout bool   // the wait ran out, rather than the page refusing the action
	Err     error
}

func (e *StepError) Error() string {
	msg := fmt.Sprintf("login script step %d (%s): %v on %s", e.Step, e.Action, e.Err, e.URL)
	if e.Timeout {
		msg += " (a timeout here usually means the login script, i.e. the selectors or URL patterns in the target file, does not match this page)"
	}
	return msg
}

func (e *StepError) Unwrap() error { return e.Err }

const (
	// navStartGrace is how long after a click or key press we look for a
	// navigation to begin. Chrome reports a form submission within a few
	// milliseconds; this only costs time after clicks that navigate nowhere.
	navStartGrace = 150 * time.Millisecond
	// finalLoadWait bounds waiting for the load event of the last page
	// before its screenshot; slow third-party resources must not stall a run.
	finalLoadWait = 3 * time.Second
	// retryPause is the pause before re-checking an element that is found
	// but covered or disabled.
	retryPause = 20 * time.Millisecond
	// findSlice is how long one in-page wait (a MutationObserver) runs before
	// we check the callback and deadline again and re-query.
	findSlice = 250 * time.Millisecond
)

var placeholder = regexp.MustCompile(`\{([A-Za-z0-9_.-]+)\}`)

// keys maps the key names a target file may use to rod's key codes.
var keys = map[string]input.Key{
	"Enter": input.Enter, "Tab": input.Tab, "Escape": input.Escape, "Space": input.Space,
	"Backspace": input.Backspace, "Delete": input.Delete,
	"ArrowDown": input.ArrowDown, "ArrowUp": input.ArrowUp, "ArrowLeft": input.ArrowLeft, "ArrowRight": input.ArrowRight,
}

func keyFor(name string) (input.Key, bool) {
	if k, ok := keys[name]; ok {
		return k, true
	}
	if r := []rune(name); len(r) == 1 && r[0] >= ' ' && r[0] <= '~' {
		return input.Key(r[0]), true
	}
	return 0, false
}

type step struct {
	Action
	n     int    // 1-based
	desc  string // "fill #password"
	value string // Value with placeholders expanded
	match *regexp.Regexp
	until *regexp.Regexp // wait_url target
	glob  string         // the wait_url glob, for messages
}

// prepare checks the whole script before anything runs, so a typo in the
// target file fails in microseconds instead of after a timeout.
func prepare(script []Action, vars map[string]string) ([]step, []string, error) {
	steps := make([]step, len(script))
	var secrets []string
	for i, a := range script {
		st := step{Action: a, n: i + 1}
		st.desc = a.Do
		if !a.Target.IsZero() {
			st.desc += " " + a.Target.String()
		}
		if a.Do == "press" {
			st.desc += " " + a.Value
		}
		fail := func(format string, args ...interface{}) error {
			return &StepError{Step: st.n, Action: st.desc, URL: "(not started)", Err: fmt.Errorf(format, args...)}
		}
		var missing []string
		st.value = placeholder.ReplaceAllStringFunc(a.Value, func(m string) string {
			name := m[1 : len(m)-1]
			v, ok := vars[name]
			if !ok {
				missing = append(missing, m)
			}
			return v
		})
		if len(missing) > 0 {
			known := make([]string, 0, len(vars))
			for k := range vars {
				known = append(known, k)
			}
			sort.Strings(known)
			return nil, nil, fail("value uses %s but no such variable is set (known: %s)",
				strings.Join(missing, ", "), strings.Join(known, ", "))
		}
		switch a.Do {
		case "fill", "select", "click", "wait":
			if err := a.Target.Validate(); err != nil {
				return nil, nil, fail("%v", err)
			}
		case "press":
			if !a.Target.IsZero() {
				if err := a.Target.Validate(); err != nil {
					return nil, nil, fail("%v", err)
				}
			}
			if _, ok := keyFor(st.value); !ok {
				return nil, nil, fail("unknown key %q (use Enter, Tab, Escape, Space, Backspace, Delete, Arrow*, or one character)", st.value)
			}
		case "wait_url":
			pattern := st.value
			if pattern == "" {
				pattern = a.Match
			}
			if pattern == "" {
				return nil, nil, fail("wait_url needs a URL pattern in value or match")
			}
			st.until, st.glob = agent.GlobRegexp(pattern), pattern
		default:
			return nil, nil, fail("unknown action %q (use fill, click, select, press, wait or wait_url)", a.Do)
		}
		if a.Timeout < 0 {
			return nil, nil, fail("negative timeout %s", a.Timeout)
		}
		if a.Match != "" {
			st.match = agent.GlobRegexp(a.Match)
		}
		if a.Do == "fill" && st.value != "" {
			secrets = append(secrets, st.value)
		}
		steps[i] = st
	}
	return steps, secrets, nil
}

// Run executes script in order. Each step first waits for its Match URL and
// its Target element (bounded by its Timeout), is screenshotted if the page is
// new, and then acted on. Run stops as soon as the callback has been reached,
// even in the middle of a wait; it then returns nil. The page after the last
// step (or the callback page) is screenshotted as well.
func (s *Session) Run(ctx context.Context, script []Action, vars map[string]string) error {
	steps, secrets, err := prepare(script, vars)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.secrets = append(s.secrets, secrets...)
	// Longest first, so a password that contains the username is hidden whole.
	sort.Slice(s.secrets, func(i, j int) bool { return len(s.secrets[i]) > len(s.secrets[j]) })
	s.mu.Unlock()

	last := "start"
	for _, st := range steps {
		if _, ok := s.Reached(); ok {
			break
		}
		start := time.Now()
		skipped, err := s.runStep(ctx, st)
		if err != nil {
			var se *StepError
			if errors.As(err, &se) {
				_ = s.Screenshot(context.WithoutCancel(ctx), fmt.Sprintf("step %d failed (%s)", st.n, st.desc))
			}
			return err
		}
		if skipped != "" {
			s.logf("step %d (%s): skipped, %s", st.n, st.desc, skipped)
			continue
		}
		s.logf("step %d (%s) on %s: done in %s", st.n, st.desc, pathOf(s.URL()), time.Since(start).Round(time.Millisecond))
		last = fmt.Sprintf("after step %d (%s)", st.n, st.desc)
	}
	return s.finalShot(ctx, last)
}

// finalShot screenshots the page the script ended on, after its load event
// (bounded), unless that page is the callback.
func (s *Session) finalShot(ctx context.Context, label string) error {
	if _, ok := s.Reached(); !ok {
		c, cancel := context.WithTimeout(ctx, finalLoadWait)
		s.waitFor(c, func() bool { return s.nav.loaded || s.callback != nil })
		cancel()
	}
	if _, ok := s.Reached(); !ok {
		s.shoot(ctx, label+", final page")
		return nil
	}
	// The callback page is toets's own stand-in for the client, not a page
	// of the target: its URL (with the code redacted) is the evidence, and
	// a picture of it would cost a screenshot in every flow.
	s.mu.Lock()
	s.callbackShot = true
	s.mu.Unlock()
	return nil
}

// shoot screenshots the current page with a caption that names it: title
// and URL without query (queries carry state and codes that make captions
// unreadable). A failed screenshot is logged, not fatal: missing evidence
// must not turn into a failed login.
//
// It runs before the script goes on. It once ran in the background while the
// script typed, ~0.1 s faster per page, but then a capture could show what
// was being typed, and masking typed values (capture) needs the fields to
// hold still.
func (s *Session) shoot(ctx context.Context, label string) {
	s.shootNow(ctx, label, s.markShot())
}

// markShot records that the current page has its screenshot and returns
// its URL.
func (s *Session) markShot() string {
	s.mu.Lock()
	s.shotNav, s.shotURL = s.nav.committed, s.nav.url
	u := s.nav.url
	s.mu.Unlock()
	if u == "" {
		u = s.URL()
	}
	return u
}

// shootNow takes the screenshot described at shoot, synchronously.
func (s *Session) shootNow(ctx context.Context, label, u string) {
	caption := label + ": " + pathOf(u)
	p, _, cancel := s.bounded(ctx, 0)
	if info, err := p.Info(); err == nil && info.Title != "" {
		caption = fmt.Sprintf("%s: %q at %s", label, info.Title, pathOf(u))
	}
	cancel()
	if err := s.capture(ctx, caption, u); err != nil {
		s.logf("screenshot %q failed: %v", label, err)
	}
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.Host + u.Path
}

// runStep runs one step. It returns a non-empty skip reason for optional
// steps that did not apply, or an error.
func (s *Session) runStep(ctx context.Context, st step) (skipped string, err error) {
	timeout := st.Timeout
	if timeout <= 0 {
		timeout = s.timeout
	}
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fail := func(timedOut bool, format string, args ...interface{}) error {
		if ctx.Err() != nil { // the caller gave up, not the page
			timedOut = false
			format += " (" + ctx.Err().Error() + ")"
		}
		return &StepError{Step: st.n, Action: st.desc, URL: s.redact(s.URL()), Timeout: timedOut, Err: fmt.Errorf(format, args...)}
	}

	if st.match != nil {
		ok := s.waitFor(sctx, func() bool { return s.callback != nil || st.match.MatchString(s.nav.url) })
		if _, reached := s.Reached(); reached {
			return "callback reached", nil
		}
		if !ok {
			if st.Optional {
				return fmt.Sprintf("URL did not match %s within %s", st.Match, timeout), nil
			}
			return "", fail(true, "URL matching %s not reached within %s", st.Match, timeout)
		}
	}

	if st.Do == "wait_url" {
		if !s.waitFor(sctx, func() bool { return s.callback != nil || st.until.MatchString(s.nav.url) }) {
			if st.Optional {
				return "URL did not match within " + timeout.String(), nil
			}
			return "", fail(true, "URL matching %s not reached within %s", st.glob, timeout)
		}
		return "", nil
	}

	var obj *proto.RuntimeRemoteObject
	if !st.Target.IsZero() {
		for {
			obj, err = s.find(sctx, st.Target)
			if _, reached := s.Reached(); reached {
				return "callback reached", nil
			}
			var js *jsError
			if errors.As(err, &js) {
				return "", fail(false, "invalid selector %s: %v", st.Target, err)
			}
			if err != nil || obj == nil {
				if st.Optional {
					return fmt.Sprintf("element %s not found within %s", st.Target, timeout), nil
				}
				return "", fail(true, "element %s not found within %s", st.Target, timeout)
			}
			// Evidence first: a new document (or URL) gets its screenshot
			// before we touch it, once what we wait for is on screen.
			s.shootIfNew(ctx, st)
			if st.Do == "wait" {
				return "", nil
			}
			before := s.snapshot()
			retry, err := s.act(sctx, st, obj)
			if err != nil {
				if sctx.Err() != nil {
					return "", fail(true, "%v", err)
				}
				return "", fail(false, "%v", err)
			}
			if retry {
				continue // the element's document went away; look again
			}
			if st.Do != "fill" {
				s.settle(sctx, before)
			}
			return "", nil
		}
	}
	// press without a target: the key goes to whatever has focus.
	s.shootIfNew(ctx, st)
	before := s.snapshot()
	if err := s.pressKey(sctx, st.value); err != nil {
		return "", fail(sctx.Err() != nil, "%v", err)
	}
	s.settle(sctx, before)
	return "", nil
}

func (s *Session) shootIfNew(ctx context.Context, st step) {
	s.mu.Lock()
	isNew := s.nav.committed != s.shotNav || s.nav.url != s.shotURL
	s.mu.Unlock()
	if isNew {
		s.shoot(ctx, fmt.Sprintf("before step %d (%s)", st.n, st.desc))
	}
}

// settle waits for the navigation an action may have started: first, a short
// grace for Chrome to report that one began; then until the new document has
// committed, the navigation was cancelled, or the callback was reached. Without
// it the next step could find its element in the old page, e.g. two
// consecutive "click button[type=submit]" steps would submit the login twice.
func (s *Session) settle(ctx context.Context, before navState) {
	grace, cancel := context.WithTimeout(ctx, navStartGrace)
	started := s.waitFor(grace, func() bool {
		return s.callback != nil || s.nav.started > before.started || s.nav.committed > before.committed ||
			s.nav.subStarted > before.subStarted
	})
	cancel()
	if !started {
		return
	}
	s.waitFor(ctx, func() bool {
		if s.callback != nil || s.nav.committed > before.committed {
			return true
		}
		if s.nav.started > before.started {
			return !s.nav.loading && s.nav.stopped > before.stopped
		}
		// Only an iframe navigated (a form submitted inside it): wait
		// until every frame load that started has stopped.
		return s.nav.subStopped >= s.nav.subStarted
	})
}

// find waits until sel matches a rendered element, for at most ctx, and
// returns it (nil if not found). The waiting happens inside the page with a
// MutationObserver, in slices, so a JS-rendered form is seen the moment it is
// inserted, and a navigation or the callback is noticed between slices.
func (s *Session) find(ctx context.Context, sel Selector) (*proto.RuntimeRemoteObject, error) {
	for {
		slice := findSlice
		if dl, ok := ctx.Deadline(); ok {
			slice = min(slice, time.Until(dl))
		}
		if slice <= 0 {
			return nil, context.DeadlineExceeded
		}
		var obj *proto.RuntimeRemoteObject
		var err error
		if sel.Frame != "" {
			obj, err = s.findInFrame(ctx, sel, slice)
		} else {
			obj, err = s.evaluate(ctx, findExpr(sel, slice), false)
		}
		if err != nil {
			return nil, err
		}
		if obj.Subtype == proto.RuntimeRemoteObjectSubtypeNode {
			return obj, nil
		}
		if _, reached := s.Reached(); reached {
			return nil, nil
		}
	}
}

// findJS looks for the first rendered element matching a selector, waiting up
// to maxWait ms for DOM mutations that might add or reveal it.
const findJS = `(function (kind, sel, maxWait) {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const visible = el => el.isConnected && (el.checkVisibility
    ? el.checkVisibility({visibilityProperty: true})
    : el.getClientRects().length > 0);
  const textOf = el => el instanceof HTMLInputElement ? el.value : el.innerText;
  const controls = 'button, a, input[type=submit], input[type=button], input[type=reset], input[type=image], [role=button], [role=link], label, summary';
  const find = () => {
    let list = [];
    if (kind === 'css') {
      list = document.querySelectorAll(sel);
    } else if (kind === 'xpath') {
      const r = document.evaluate(sel, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      for (let i = 0; i < r.snapshotLength; i++) {
        const n = r.snapshotItem(i);
        list.push(n.nodeType === 1 ? n : n.parentElement);
      }
    } else {
      const t = norm(sel);
      const has = e => norm(textOf(e)).includes(t) || norm(e.getAttribute('aria-label')).includes(t);
      list = [...document.querySelectorAll(controls)].filter(e => visible(e) && has(e));
      if (!list.length && document.body) {
        const all = [...document.body.querySelectorAll('*')].filter(e => visible(e) && norm(e.innerText).includes(t));
        list = all.filter(e => !all.some(o => o !== e && e.contains(o)));
      }
    }
    for (const el of list) if (el && visible(el)) return el;
    return null;
  };
  if (maxWait <= 0) {
    // "Now" means in the page as parsed, not in half a document.
    if (document.readyState !== 'loading') return find();
    return new Promise(r => document.addEventListener('DOMContentLoaded', () => r(find()), {once: true}));
  }
  const found = find();
  if (found) return found;
  return new Promise(resolve => {
    let timer;
    const obs = new MutationObserver(() => {
      const el = find();
      if (el) { obs.disconnect(); clearTimeout(timer); resolve(el); }
    });
    obs.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(() => { obs.disconnect(); resolve(find()); }, maxWait);
  });
})`

func findExpr(sel Selector, wait time.Duration) string {
	kind, v := "css", sel.CSS
	switch {
	case sel.XPath != "":
		kind, v = "xpath", sel.XPath
	case sel.Text != "":
		kind, v = "text", sel.Text
	}
	args, _ := json.Marshal([]interface{}{kind, v, wait.Milliseconds()})
	return findJS + "(" + strings.Trim(string(args), "[]") + ")"
}

// clickJS scrolls the element into view and returns the point a user would
// click, or why that is not possible yet (covered by an overlay, disabled).
const clickJS = `function () {
  if (this.disabled) return {state: 'disabled'};
  this.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  const r = this.getBoundingClientRect();
  if (!r.width || !r.height) return {state: 'invisible'};
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  if (hit && hit !== this && !this.contains(hit) && !(hit.control === this)) {
    let d = hit.tagName.toLowerCase();
    if (hit.id) d += '#' + hit.id; else if (hit.classList.length) d += '.' + [...hit.classList].join('.');
    return {state: 'covered', by: d};
  }
  return {state: 'ok', x, y};
}`

// fillFocusJS focuses the field and selects its content, so the typed text
// replaces what was there (e.g. a username the browser pre-filled).
const fillFocusJS = `function () {
  if (this.disabled) return 'disabled';
  if (this.readOnly) return 'read-only';
  this.scrollIntoView({block: 'center', behavior: 'instant'});
  this.focus();
  if (document.activeElement !== this) return 'not focusable';
  if (typeof this.select === 'function') this.select();
  else { const r = document.createRange(); r.selectNodeContents(this); const s = getSelection(); s.removeAllRanges(); s.addRange(r); }
  return 'ok';
}`

const fillCheckJS = `function (want) {
  if (!('value' in this)) return true;
  if (want === '' && this.value !== '') { this.value = ''; this.dispatchEvent(new Event('input', {bubbles: true})); }
  return want === '' || this.value !== '';
}`

const selectJS = `function (v) {
  const opts = [...(this.options || [])];
  const o = opts.find(o => o.value === v) || opts.find(o => o.text.trim() === v.trim());
  if (!o) return opts.map(o => o.text.trim()).join(' | ') || '(none)';
  this.focus();
  this.value = o.value;
  this.dispatchEvent(new Event('input', {bubbles: true}));
  this.dispatchEvent(new Event('change', {bubbles: true}));
  return true;
}`

// act performs the step on the element. retry means the element's document
// disappeared (a navigation) and the caller should look it up again.
func (s *Session) act(ctx context.Context, st step, obj *proto.RuntimeRemoteObject) (retry bool, err error) {
	p := s.page.Context(ctx)
	call := func(fn string, args ...interface{}) (gson.JSON, error) {
		ca := make([]*proto.RuntimeCallArgument, len(args))
		for i, a := range args {
			ca[i] = &proto.RuntimeCallArgument{Value: gson.New(a)}
		}
		res, err := proto.RuntimeCallFunctionOn{
			ObjectID: obj.ObjectID, FunctionDeclaration: fn, Arguments: ca,
			ReturnByValue: true, UserGesture: true,
		}.Call(p)
		if err != nil {
			return gson.JSON{}, err
		}
		if res.ExceptionDetails != nil {
			return gson.JSON{}, &jsError{res.ExceptionDetails}
		}
		return res.Result.Value, nil
	}
	// A CDP error on our element almost always means its document was
	// replaced; unless time is up, look the element up again.
	gone := func(err error) (bool, error) {
		if ctx.Err() != nil {
			return false, fmt.Errorf("%s: %w", st.Target, err)
		}
		var js *jsError
		if errors.As(err, &js) {
			return false, err
		}
		return true, nil
	}

	switch st.Do {
	case "click":
		for {
			r, err := call(clickJS)
			if err != nil {
				return gone(err)
			}
			switch r.Get("state").Str() {
			case "ok":
				x, y := r.Get("x").Num(), r.Get("y").Num()
				if st.Target.Frame != "" {
					// The coordinates are the frame's own; the mouse
					// lives in the top page's.
					if x, y, err = s.pagePoint(p, obj); err != nil {
						return gone(err)
					}
				}
				return false, s.clickAt(p, x, y)
			case "covered":
				err = fmt.Errorf("element %s stayed covered by %s", st.Target, r.Get("by").Str())
			case "disabled":
				err = fmt.Errorf("element %s stayed disabled", st.Target)
			default:
				err = fmt.Errorf("element %s has no size on screen", st.Target)
			}
			select {
			case <-ctx.Done():
				return false, err
			case <-time.After(retryPause):
			}
		}
	case "fill":
		// The host of the field's own document is where the typed value
		// goes: asked of the element itself, not of the navigation events,
		// which may not have caught up with a page that has just loaded.
		u, err := call(`function () { return this.ownerDocument.URL; }`)
		if err != nil {
			return gone(err)
		}
		if err := s.fillAllowedAt(u.Str()); err != nil {
			return false, err
		}
		if st.Target.Frame != "" {
			// Typing goes to the focused frame: a real click on the field
			// puts the focus there, as a person's would.
			x, y, err := s.pagePoint(p, obj)
			if err != nil {
				return gone(err)
			}
			if err := s.clickAt(p, x, y); err != nil {
				return false, err
			}
		}
		r, err := call(fillFocusJS)
		if err != nil {
			return gone(err)
		}
		if r.Str() != "ok" {
			return false, fmt.Errorf("cannot type into %s: it is %s", st.Target, r.Str())
		}
		if st.value != "" {
			// From here on the session's requests go only to named hosts;
			// arm returns once connections elsewhere are closed, before
			// the page can see a single character.
			s.guard.arm()
			// insertText behaves like typing for the page's scripts (input
			// events, frameworks' value tracking) at the cost of one call.
			if err := (proto.InputInsertText{Text: st.value}).Call(p); err != nil {
				return gone(err)
			}
		}
		ok, err := call(fillCheckJS, st.value)
		if err != nil {
			return gone(err)
		}
		if !ok.Bool() {
			return false, fmt.Errorf("the field %s stayed empty after typing (is it really a text field?)", st.Target)
		}
		return false, nil
	case "select":
		r, err := call(selectJS, st.value)
		if err != nil {
			return gone(err)
		}
		if !r.Bool() {
			return false, fmt.Errorf("%s has no option with value or label %q (options: %s)", st.Target, st.value, r.Str())
		}
		return false, nil
	case "press":
		if _, err := call(`function () { this.focus(); }`); err != nil {
			return gone(err)
		}
		return false, s.pressKey(ctx, st.value)
	}
	return false, fmt.Errorf("unknown action %q", st.Do)
}

// clickAt sends a real mouse move, press and release, so the page sees a
// trusted click exactly as from a user (some login pages check isTrusted).
func (s *Session) clickAt(page *rod.Page, x, y float64) error {
	one := 1
	for _, ev := range []proto.InputDispatchMouseEvent{
		{Type: proto.InputDispatchMouseEventTypeMouseMoved, X: x, Y: y},
		{Type: proto.InputDispatchMouseEventTypeMousePressed, X: x, Y: y, Button: proto.InputMouseButtonLeft, Buttons: &one, ClickCount: 1},
		{Type: proto.InputDispatchMouseEventTypeMouseReleased, X: x, Y: y, Button: proto.InputMouseButtonLeft, ClickCount: 1},
	} {
		if err := ev.Call(page); err != nil {
			return fmt.Errorf("clicking: %w", err)
		}
	}
	return nil
}

func (s *Session) pressKey(ctx context.Context, name string) error {
	k, ok := keyFor(name)
	if !ok {
		return fmt.Errorf("unknown key %q", name)
	}
	p := s.page.Context(ctx)
	for _, t := range []proto.InputDispatchKeyEventType{proto.InputDispatchKeyEventTypeKeyDown, proto.InputDispatchKeyEventTypeKeyUp} {
		if err := k.Encode(t, 0).Call(p); err != nil {
			return fmt.Errorf("pressing %s: %w", name, err)
		}
	}
	return nil
}
