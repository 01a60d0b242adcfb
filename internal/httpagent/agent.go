// Package httpagent is the user agent without a browser: a cookie jar, HTML
// form parsing and the same login scripts as the browser, for targets whose
// login and consent pages are plain HTML forms (`agent: http` in the target
// file). It runs no JavaScript; a page that needs it needs the browser.
//
// Every request goes through the scenario's recording client, so the pages
// the user "saw" are in the evidence as HTTP exchanges, and the host guard
// keeps credentials on the hosts the target file names. What that guard
// stopped, and the 307/308 redirects that would repeat a credential post,
// are described as the browser describes them (Blocked,
// CredentialRedirects), so the steps judge both agents alike.
package httpagent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/toets/toets/internal/agent"
	"github.com/toets/toets/internal/record"
)

// maxRedirects bounds a chain of redirects (a loop must end).
const maxRedirects = 10

// Session is one user's visit, with its own cookies.
type Session struct {
	client   *record.Client
	jar      *cookiejar.Jar
	prefixes []string

	url      *url.URL
	doc      *goquery.Document
	values   map[string]url.Values // form key -> values typed so far
	checked  map[int]bool          // box index -> state after clicks
	lastForm *goquery.Selection
	callback *url.URL
	header   http.Header // of the current page
	// offline, when set (by tests), receives the requests the pages' links
	// and forms make instead of sending them.
	offline func(*http.Request) error

	// typed are the values the scripts filled in: they never appear in
	// what Blocked and CredentialRedirects report.
	typed []string
	// blocked are the requests the host guard stopped; redirects the
	// 307/308 answers to a POST sent after something was typed.
	blocked   []agent.Blocked
	redirects []agent.Redirect
}

// NewSession starts a visit. Requests to a URL starting with one of the
// callback prefixes are not sent: their URL is captured, as the browser's
// interception does.
func NewSession(client *record.Client, callbackPrefixes []string) *Session {
	jar, _ := cookiejar.New(nil)
	return &Session{client: client, jar: jar, prefixes: callbackPrefixes, values: map[string]url.Values{}, checked: map[int]bool{}}
}

// Navigate opens a URL, following redirects.
func (s *Session) Navigate(ctx context.Context, u string) error {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	return s.follow(ctx, req, "navigation")
}

// follow sends req and follows redirects until a page, the callback or the
// limit. kind is what made the first request, in agent.Blocked's words
// ("navigation", "form"); every later hop is a "redirect".
func (s *Session) follow(ctx context.Context, req *http.Request, kind string) error {
	status := 0 // of the redirect that led to req
	for i := 0; ; i++ {
		if s.isCallback(req.URL) {
			s.callback = req.URL
			return nil
		}
		if i == maxRedirects {
			return fmt.Errorf("more than %d redirects, last to %s", maxRedirects, req.URL)
		}
		for _, c := range s.jar.Cookies(req.URL) {
			req.AddCookie(c)
		}
		resp, err := s.client.Do(ctx, req)
		if errors.Is(err, record.ErrHostNotAllowed) {
			// The browser would have sent it: the steps must see what was
			// stopped and where, not only that the login went nowhere.
			s.blocked = append(s.blocked, agent.Blocked{Method: req.Method, URL: req.URL.String(), Kind: kind, Status: status})
		}
		if err != nil {
			return err
		}
		h := http.Response{Header: resp.Header}
		s.jar.SetCookies(req.URL, h.Cookies())
		if loc := resp.Header.Get("Location"); resp.Status >= 300 && resp.Status < 400 && loc != "" {
			next, err := req.URL.Parse(loc)
			if err != nil {
				return fmt.Errorf("a redirect to an unreadable Location %q: %v", loc, err)
			}
			// RFC 9110 §15.4: 307/308 keep the method; the others become GET.
			method, body := http.MethodGet, []byte(nil)
			if (resp.Status == 307 || resp.Status == 308) && req.Method == http.MethodPost && len(s.typed) > 0 {
				// RFC 9700 §4.12: such a redirect sends the posted
				// credentials again, to wherever Location points.
				s.redirects = append(s.redirects, agent.Redirect{Method: req.Method, From: req.URL.String(), To: next.String(), Status: resp.Status})
			}
			if resp.Status == 307 || resp.Status == 308 {
				method = req.Method
				if req.GetBody != nil {
					if rc, err := req.GetBody(); err == nil {
						body = readAll(rc)
					}
				}
			}
			nreq, err := http.NewRequest(method, next.String(), bytes.NewReader(body))
			if err != nil {
				return err
			}
			if len(body) > 0 {
				nreq.Header.Set("Content-Type", req.Header.Get("Content-Type"))
			}
			req, kind, status = nreq, "redirect", resp.Status
			continue
		}
		s.header = resp.Header.Clone()
		return s.load(req.URL, resp.Body)
	}
}

// DocumentHeader returns the response headers of the current page.
func (s *Session) DocumentHeader(context.Context) http.Header { return s.header.Clone() }

// load makes an HTML document the current page, with no fields typed yet.
func (s *Session) load(u *url.URL, body []byte) error {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("the page at %s is not HTML: %v", u, err)
	}
	s.url, s.doc, s.lastForm = u, doc, nil
	s.values, s.checked = map[string]url.Values{}, map[int]bool{}
	return nil
}

// send follows a request a page made (a link, a form: kind as in follow);
// tests of the form logic can catch it in s.offline instead of the network.
func (s *Session) send(ctx context.Context, req *http.Request, kind string) error {
	if s.offline != nil {
		return s.offline(req)
	}
	return s.follow(ctx, req, kind)
}

// Blocked returns the requests the host guard stopped, in order, with the
// typed values replaced by [redacted]. Unlike the browser, which loads a
// page on any host until something is typed, this agent never sends a
// request to a host the target file does not name, so a login page there
// is listed too (as the redirect, or the link, that led to it).
func (s *Session) Blocked() []agent.Blocked {
	out := append([]agent.Blocked(nil), s.blocked...)
	for i := range out {
		out[i].URL = s.redact(out[i].URL)
	}
	return out
}

// CredentialRedirects returns the 307 and 308 answers (from any host) to a
// POST sent after a value was typed, as the browser's method does.
func (s *Session) CredentialRedirects() []agent.Redirect {
	out := append([]agent.Redirect(nil), s.redirects...)
	for i := range out {
		out[i].From, out[i].To = s.redact(out[i].From), s.redact(out[i].To)
	}
	return out
}

// redact replaces typed values, also as a form or a path encodes them.
func (s *Session) redact(text string) string {
	for _, v := range s.typed {
		for _, enc := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
			text = strings.ReplaceAll(text, enc, "[redacted]")
		}
	}
	return text
}

func (s *Session) isCallback(u *url.URL) bool {
	for _, p := range s.prefixes {
		if strings.HasPrefix(u.String(), p) {
			return true
		}
	}
	return false
}

// Reached returns the callback URL when the visit got there.
func (s *Session) Reached() (*url.URL, bool) {
	if s.callback == nil {
		return nil, false
	}
	u := *s.callback
	return &u, true
}

// Callback returns the callback URL; without JavaScript nothing can still
// be on its way, so it does not wait.
func (s *Session) Callback(ctx context.Context) (*url.URL, error) {
	if u, ok := s.Reached(); ok {
		return u, nil
	}
	return nil, fmt.Errorf("the client's redirect URI was not reached (last page %s)", s.URL())
}

// URL is the current page's URL.
func (s *Session) URL() string {
	if s.url == nil {
		return ""
	}
	return s.url.String()
}

// Text is the visible text of the current page.
func (s *Session) Text(ctx context.Context) (string, error) {
	if s.doc == nil {
		return "", errors.New("no page has been opened")
	}
	return strings.TrimSpace(s.doc.Find("body").Text()), nil
}

// Has reports whether the current page has the element.
func (s *Session) Has(ctx context.Context, sel agent.Selector) (bool, error) {
	found, err := s.find(sel)
	return err == nil && found.Length() > 0, err
}

// Screenshot has nothing to take: the HTTP exchanges are the evidence.
func (s *Session) Screenshot(ctx context.Context, caption string) error { return nil }

// Shots is always empty.
func (s *Session) Shots() []agent.Shot { return nil }

// Close ends the visit.
func (s *Session) Close() error { return nil }

func readAll(rc interface {
	Read([]byte) (int, error)
	Close() error
}) []byte {
	defer rc.Close()
	var b bytes.Buffer
	b.ReadFrom(rc)
	return b.Bytes()
}
