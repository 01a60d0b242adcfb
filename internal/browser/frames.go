package browser

// Login forms inside iframes.
//
// A Selector with Frame set names an element in the document an iframe of
// the top page shows. Identity providers often embed their form from their
// own host, so the frame is usually cross-origin: JavaScript in the top page
// may not read its contentDocument. We therefore address the frame's
// document through CDP instead: the iframe element's node names its frame,
// and Page.createIsolatedWorld gives an execution context in whatever
// document that frame shows now, same-origin or not. Our scripts run there
// with the frame's DOM (an isolated world shares the DOM, not the page's JS
// globals, which also keeps the page's scripts from seeing ours).
//
// This needs every frame in the page's own renderer and CDP session: rod's
// launcher turns site-per-process off (its default flags), which is also what
// lets the callback interception see a redirect that happens inside a frame.
// The frame is looked up again for every wait slice, because submitting its
// form replaces its document and with it the execution context.

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// frameWorldName names our isolated world in the frames we script.
const frameWorldName = "toets"

// findInFrame is one slice of find for a selector inside sel.Frame: it waits
// up to wait for the iframe, then for the rest of wait for the element in
// the iframe's document. A frame that is not there yet, or is between two
// documents, yields a non-node result (not found in this slice), not an
// error; an invalid selector or a Frame that names no iframe is an error.
func (s *Session) findInFrame(ctx context.Context, sel Selector, wait time.Duration) (*proto.RuntimeRemoteObject, error) {
	start := time.Now()
	iframe, err := s.evaluate(ctx, findExpr(Selector{CSS: sel.Frame}, wait), false)
	if err != nil {
		return nil, err
	}
	if iframe.Subtype != proto.RuntimeRemoteObjectSubtypeNode {
		return iframe, nil
	}
	p := s.page.Context(ctx)
	node, err := proto.DOMDescribeNode{ObjectID: iframe.ObjectID}.Call(p)
	if err != nil {
		return s.notYet(ctx)
	}
	if node.Node.FrameID == "" {
		return nil, &jsError{&proto.RuntimeExceptionDetails{
			Text: fmt.Sprintf("frame %s matches a <%s>, not an iframe", sel.Frame, node.Node.LocalName)}}
	}
	world, err := proto.PageCreateIsolatedWorld{FrameID: node.Node.FrameID, WorldName: frameWorldName}.Call(p)
	if err != nil {
		return s.notYet(ctx)
	}
	inner := sel
	inner.Frame = ""
	rest := time.Duration(0)
	if wait > 0 {
		// findJS treats 0 as "now, without waiting"; keep waiting a little.
		rest = max(wait-time.Since(start), time.Millisecond)
	}
	res, err := proto.RuntimeEvaluate{
		Expression: findExpr(inner, rest), ContextID: world.ExecutionContextID, AwaitPromise: true,
	}.Call(p)
	switch {
	case err != nil:
		// Most likely the frame's document was replaced while we waited.
		return s.notYet(ctx)
	case res.ExceptionDetails != nil:
		return nil, &jsError{res.ExceptionDetails}
	}
	return res.Result, nil
}

// notYet pauses until the page changes or briefly, so a frame that is being
// replaced is not queried in a tight loop, and reports "not found".
func (s *Session) notYet(ctx context.Context) (*proto.RuntimeRemoteObject, error) {
	s.mu.Lock()
	ch := s.changed
	s.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(retryPause):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &proto.RuntimeRemoteObject{}, nil
}

// pagePoint is the centre of an element's box in the top page's viewport,
// where mouse events are dispatched, also for an element inside a frame.
func (s *Session) pagePoint(p *rod.Page, obj *proto.RuntimeRemoteObject) (x, y float64, err error) {
	res, err := proto.DOMGetContentQuads{ObjectID: obj.ObjectID}.Call(p)
	if err != nil {
		return 0, 0, err
	}
	if len(res.Quads) == 0 || len(res.Quads[0]) != 8 {
		return 0, 0, fmt.Errorf("the element has no box on screen")
	}
	q := res.Quads[0]
	return (q[0] + q[2] + q[4] + q[6]) / 4, (q[1] + q[3] + q[5] + q[7]) / 4, nil
}
