// Package agent is the vocabulary the two user agents share: the real
// browser (internal/browser) and the HTTP agent (internal/httpagent) run the
// same login scripts (Action, Selector), take the same evidence (Shot) and
// describe what their credential guards saw alike (Blocked, Redirect). It
// holds no behaviour of either, so neither agent imports the other.
package agent

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Selector names one element. Exactly one field is set.
type Selector struct {
	CSS   string
	XPath string
	// Text matches a button, link, submit input, label or [role=button]
	// whose visible text (or value) contains it, whitespace-normalised. If no
	// such control exists, the innermost element containing the text.
	Text string
	// Frame, when set, is the CSS selector of an iframe in the top document:
	// CSS, XPath or Text are then looked up in the document that iframe
	// shows, whatever its origin (see frames.go).
	Frame string
}

func (sel Selector) String() string {
	if sel.Frame != "" {
		inner := sel
		inner.Frame = ""
		return inner.String() + " in frame " + sel.Frame
	}
	switch {
	case sel.CSS != "":
		return sel.CSS
	case sel.XPath != "":
		return "xpath " + sel.XPath
	case sel.Text != "":
		return fmt.Sprintf("text %q", sel.Text)
	}
	return "(no selector)"
}

// IsZero tells whether no selector is set.
func (sel Selector) IsZero() bool { return sel == Selector{} }

// Validate says what is wrong with a selector from a target file.
func (sel Selector) Validate() error {
	n := 0
	for _, v := range []string{sel.CSS, sel.XPath, sel.Text} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("selector must set exactly one of CSS, XPath, Text (got %d)", n)
	}
	if strings.TrimSpace(sel.Frame) != sel.Frame {
		return fmt.Errorf("frame selector %q has surrounding spaces", sel.Frame)
	}
	return nil
}

// Action is one step of a login script from the target file.
type Action struct {
	// Match is an optional URL glob ('*' matches anything, including '/' and
	// '?') that the whole current URL must match before the action runs. The
	// action waits for it, bounded by Timeout.
	Match string
	// Do is one of fill, click, select, press, wait (for Target to appear)
	// and wait_url (until the URL matches Value, or Match).
	Do     string
	Target Selector
	// Value is the text to fill, the option (value or label) to select, or
	// the key to press (Enter, Tab, Escape, Space, ... or one character).
	// {name} placeholders are replaced from the vars given to Run.
	Value string
	// Optional steps are skipped without error when their URL or element
	// does not show up within Timeout (a consent page that only appears the
	// first time, for instance).
	Optional bool
	// Timeout bounds this step's waiting; 0 means the browser's ActionTimeout.
	Timeout time.Duration
}

// Shot is one screenshot taken as evidence.
type Shot struct {
	Caption string // what the user was looking at; never contains filled values
	URL     string // the page's URL; filled values replaced by [redacted]
	PNG     []byte
	Taken   time.Time
}

// Blocked is a request the guard stopped.
type Blocked struct {
	Method string
	URL    string // typed values replaced by [redacted]; host:port when only the tunnel was seen
	// Kind is "navigation", "form", "redirect", "beacon", "fetch",
	// "websocket" or "other" (a worker's or popup's request, an image, ...).
	Kind string
	// Status is, for a redirect hop, the status that caused it.
	Status int
}

// Redirect is a redirect the main frame or a form post received.
type Redirect struct {
	Method, From, To string // From and To with typed values replaced by [redacted]
	Status           int
}

// GlobRegexp compiles a URL glob: '*' matches any run of characters
// (path.Match's '*' stops at '/', which is useless for URLs); everything else
// is literal, since URLs are full of '?' and '.'.
func GlobRegexp(glob string) *regexp.Regexp {
	parts := strings.Split(glob, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`^` + strings.Join(parts, `.*`) + `$`)
}

// MatchURL reports whether url matches a script's URL glob, as Action.Match
// is matched by both agents.
func MatchURL(glob, url string) bool { return GlobRegexp(glob).MatchString(url) }
