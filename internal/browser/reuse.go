package browser

import (
	"context"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// resetTimeout bounds making a closed session ready for the next scenario;
// a page that does not let go by then (a dialog, a navigation that never
// ends) is disposed of instead.
const resetTimeout = 2 * time.Second

// reuse keeps a closed session as the next spare, its state cleared in the
// background, instead of disposing of its context. A new incognito context
// costs a renderer process: ~150 ms that a scenario following right after
// spent waiting for the spare. It reports false when the session cannot be
// kept (a spare is already there, or the browser is closing); the caller
// disposes of it then. A reset that fails disposes of it too.
func (b *Browser) reuse(s *Session) bool {
	b.mu.Lock()
	if b.closed || b.spares >= maxSpares {
		b.mu.Unlock()
		return false
	}
	b.spares++ // the slot this session will fill
	b.mu.Unlock()
	b.background(func() {
		if err := s.reset(); err != nil {
			s.cancel()
			_ = s.dispose()
			b.spare <- spareResult{err: err} // takeSpare opens a fresh one
			return
		}
		b.spare <- spareResult{s: s} // spareBuffer: never blocks
	})
	return true
}

// background runs f, work on a closed session, in a goroutine that
// Browser.Close waits for. Once the browser is closing, f runs at once
// instead: the wait may already have begun, and must not gain work.
func (b *Browser) background(f func()) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		f()
		return
	}
	b.disposals.Add(1)
	b.mu.Unlock()
	go func() {
		defer b.disposals.Done()
		f()
	}()
}

// reset makes the session what a fresh one is: a blank page, no cookies,
// no storage of any origin it showed, and none of the last scenario's
// evidence, callback or guards. The incognito context is the session's
// own, so clearing it cannot touch another scenario's session.
func (s *Session) reset() error {
	ctx, cancel := context.WithTimeout(context.Background(), resetTimeout)
	defer cancel()
	p := s.page.Context(ctx)
	if _, err := (proto.PageNavigate{URL: "about:blank"}).Call(p); err != nil {
		return err
	}
	if !s.waitFor(ctx, func() bool { return s.nav.url == "about:blank" && !s.nav.loading && s.nav.loaded }) {
		return ctx.Err()
	}
	rb := s.b.rodContext(ctx)
	// Pages the last scenario's pages opened (window.open) live in the
	// same context and could set cookies again: they go.
	targets, err := proto.TargetGetTargets{}.Call(rb)
	if err != nil {
		return err
	}
	for _, t := range targets.TargetInfos {
		if t.BrowserContextID == s.inc.BrowserContextID && t.TargetID != s.page.TargetID {
			if _, err := (proto.TargetCloseTarget{TargetID: t.TargetID}).Call(rb); err != nil {
				return err
			}
		}
	}
	if err := (proto.StorageClearCookies{BrowserContextID: s.inc.BrowserContextID}).Call(rb); err != nil {
		return err
	}
	if err := (proto.NetworkClearBrowserCache{}).Call(p); err != nil {
		return err
	}
	s.mu.Lock()
	origins := s.origins
	s.mu.Unlock()
	for o := range origins {
		if err := (proto.StorageClearDataForOrigin{Origin: o, StorageTypes: "all"}).Call(p); err != nil {
			return err
		}
	}
	s.guard.reset()
	s.mu.Lock()
	s.callback, s.served, s.callbackShot = nil, false, false
	s.shots, s.secrets, s.log = nil, nil, nil
	s.shotNav, s.shotURL = 0, ""
	s.prefixes, s.origins = nil, nil
	s.docHeader, s.docURL = nil, ""
	// As a fresh page's: nothing seen yet, so URL asks the browser until
	// the next scenario's first navigation is reported.
	s.nav = navState{}
	s.closed = false
	s.mu.Unlock()
	return nil
}
