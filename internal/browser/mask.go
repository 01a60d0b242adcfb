package browser

// Screenshots never show a typed value. A password field the page renders
// as type=text, a username, a value echoed into another field: before each
// capture, every input and textarea of every frame whose value holds a typed
// value shows fieldMask instead, and gets its value back right after. The
// scripts run in our isolated world (frames.go), so a page that wraps the
// value setter in its own world neither sees nor stops the swap, and no
// input event fires, so the page's own state keeps the typed value.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"
)

// fieldMask is what a field holding a typed value shows in a screenshot,
// in the ‹…› style of the report's own redactions.
const fieldMask = "‹redacted›"

// maskJS swaps the values in one document, open shadow roots included, and
// returns what it swapped for unmaskJS, or null.
const maskJS = `(function (secrets, mask) {
  const saved = [];
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) &&
          el.value && secrets.some(v => el.value.includes(v))) {
        saved.push([el, el.value]);
        el.value = mask;
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return saved.length ? saved : null;
})`

// unmaskJS gives the fields their values back, unless the page changed a
// field meanwhile.
const unmaskJS = `function (mask) { for (const [el, v] of this) if (el.value === mask) el.value = v; }`

// maskFields hides typed values in every frame and returns the function that
// shows them again. An error means some frame could not be masked; the
// caller must not capture then.
func (s *Session) maskFields(ctx context.Context) (restore func(), err error) {
	s.mu.Lock()
	secrets := append([]string(nil), s.secrets...)
	s.mu.Unlock()
	if len(secrets) == 0 {
		return func() {}, nil
	}
	p := s.page.Context(ctx)
	var saved []proto.RuntimeRemoteObjectID
	restore = func() {
		// The page must get its values back even if ctx ended meanwhile.
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
		defer cancel()
		rp := s.page.Context(c)
		arg := []*proto.RuntimeCallArgument{{Value: gson.New(fieldMask)}}
		for _, id := range saved {
			_, _ = proto.RuntimeCallFunctionOn{ObjectID: id, FunctionDeclaration: unmaskJS, Arguments: arg}.Call(rp)
			_ = proto.RuntimeReleaseObject{ObjectID: id}.Call(rp)
		}
	}
	tree, err := proto.PageGetFrameTree{}.Call(p)
	if err != nil {
		return restore, err
	}
	args, _ := json.Marshal([]interface{}{secrets, fieldMask})
	expr := maskJS + "(" + string(args[1:len(args)-1]) + ")"
	var walk func(t *proto.PageFrameTree) error
	walk = func(t *proto.PageFrameTree) error {
		world, err := proto.PageCreateIsolatedWorld{FrameID: t.Frame.ID, WorldName: frameWorldName}.Call(p)
		if err != nil {
			return fmt.Errorf("frame %s: %w", t.Frame.URL, err)
		}
		res, err := proto.RuntimeEvaluate{Expression: expr, ContextID: world.ExecutionContextID}.Call(p)
		switch {
		case err != nil:
			return fmt.Errorf("frame %s: %w", t.Frame.URL, err)
		case res.ExceptionDetails != nil:
			return fmt.Errorf("frame %s: %w", t.Frame.URL, &jsError{res.ExceptionDetails})
		case res.Result.ObjectID != "":
			saved = append(saved, res.Result.ObjectID)
		}
		for _, c := range t.ChildFrames {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(tree.FrameTree); err != nil {
		return restore, err
	}
	return restore, nil
}
