package preflight

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/httpagent"
	"github.com/toets/toets/internal/target"
)

// loginTimeout bounds one user's login check, page loads included.
const loginTimeout = 45 * time.Second

// userAgent is what the login check needs of the person's user agent: the
// browser, or the HTTP agent when the target file says agent: http, so the
// preflight logs in the way the run will.
type userAgent interface {
	Navigate(ctx context.Context, url string) error
	Run(ctx context.Context, script []browser.Action, vars map[string]string) error
	Reached() (*url.URL, bool)
	URL() string
	Has(ctx context.Context, sel browser.Selector) (bool, error)
	Blocked() []browser.Blocked
	Close() error
}

// logins logs every test user in through the target file's login script,
// starting from a real authorization request of a client whose redirect URI
// was accepted.
func (c *checker) logins(ctx context.Context) {
	httpAgent := c.t.File.Agent == "http"
	switch {
	case c.opts.SkipLogin:
		c.r.note("the test users' logins were not checked (left out on request)")
		return
	case c.opts.Browser == nil && !httpAgent:
		c.r.note("the test users' logins could not be checked: no browser")
		return
	case len(c.t.File.Browser.Login) == 0:
		c.r.problem("login", "", "browser.login is empty: toets cannot log a test user in; write the login script (see docs/target-file.md)")
		return
	case c.accepted == nil:
		c.r.note("the test users' logins could not be checked: no client's redirect URI was accepted, so no authorization request can reach the login page")
		return
	}
	// The users log in at once, each in its own incognito session: the
	// browser's start and page loads dominate a preflight, and they overlap.
	start := time.Now()
	results := make([]*Report, len(c.t.Users))
	var wg sync.WaitGroup
	for i, u := range c.t.Users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = &Report{}
			(&checker{opts: c.opts, t: c.t, r: results[i], http: c.http, accepted: c.accepted}).login(ctx, i, u)
		}()
	}
	wg.Wait()
	if b := c.opts.Browser; !httpAgent && b.Started() {
		c.r.passed("the browser started in %.1fs; the logins took %.1fs in all", b.StartDuration().Seconds(), time.Since(start).Seconds())
	}
	noBrowser := false
	for _, r := range results {
		c.r.Problems = append(c.r.Problems, r.Problems...)
		c.r.Passed = append(c.r.Passed, r.Passed...)
		for _, n := range r.Notes {
			// A missing browser is said once, not once per user.
			if strings.HasPrefix(n, "the test users' logins could not be checked") {
				if noBrowser {
					continue
				}
				noBrowser = true
			}
			c.r.Notes = append(c.r.Notes, n)
		}
	}
}

// login checks one user, recording into c.r. It only reads the checker's
// shared state, so users can be checked concurrently.
func (c *checker) login(ctx context.Context, i int, u target.ResolvedUser) bool {
	name := fmt.Sprintf("user %s (users[%d])", orDefault(u.Name, u.Username), i)
	ctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	s, ok := c.userAgent(ctx)
	if !ok {
		return false
	}
	defer s.Close()
	hosts := c.t.AllowedHosts()
	err := s.Navigate(ctx, c.authorizationURL(*c.accepted))
	if p := guardProblem(hosts, opened, err != nil, s.URL(), s.Blocked()); p != "" {
		c.r.problem("login", name, "%s", p)
		return true
	}
	if err != nil {
		c.r.problem("login", name, "the %s could not open the authorization request: %v; check the TLS settings (toets trusts tls.ca_file)", c.agentName(), err)
		return true
	}
	vars := map[string]string{"username": u.Username, "password": u.PasswordValue}
	err = s.Run(ctx, browserScript(c.t.File.Browser.Login), vars)
	if p := guardProblem(hosts, scripted, err != nil, s.URL(), s.Blocked()); p != "" {
		c.r.problem("login", name, "%s", p)
		return true
	}
	if err != nil {
		c.r.problem("login", name, "the login script did not complete: %v; check users[%d].username and users[%d].password, and browser.login", err, i, i)
		return true
	}
	if _, done := s.Reached(); done {
		c.r.passed("%s logs in (the %s reached the redirect URI)", name, c.agentName())
		return true
	}
	// A login that did not work shows the login form again: if the element
	// the password was typed into is still there, the login did not leave
	// the login page.
	if sel, ok := passwordField(c.t.File.Browser.Login); ok {
		still, err := s.Has(ctx, sel)
		if err != nil {
			c.r.note("%s: whether the login left the login page could not be checked: %v", name, err)
			return true
		}
		if still {
			c.r.problem("login", name, "the login page was shown again after the login script ran (on %s): the username or password is refused; check users[%d].password (and users[%d].username)", pageWithoutQuery(s.URL()), i, i)
			return true
		}
	}
	c.r.passed("%s logs in (now on %s)", name, pageWithoutQuery(s.URL()))
	return true
}

// userAgent opens the user agent for one login: with agent: http the HTTP
// agent, which sends through the preflight's recording client and so never
// to a host the target file does not name, and starts no browser; else a
// browser session under the same guard as the run's.
func (c *checker) userAgent(ctx context.Context) (userAgent, bool) {
	if c.t.File.Agent == "http" {
		return httpagent.NewSession(c.http, []string{c.accepted.RedirectURI}), true
	}
	s, err := c.opts.Browser.Session(ctx, []string{c.accepted.RedirectURI})
	if err != nil && !errors.Is(err, browser.ErrNoBrowser) && ctx.Err() == nil {
		// Sessions opened at the same moment occasionally lose a race for
		// the browser's prepared spare page; one more try settles it.
		s, err = c.opts.Browser.Session(ctx, []string{c.accepted.RedirectURI})
	}
	if err != nil {
		if errors.Is(err, browser.ErrNoBrowser) {
			c.r.note("the test users' logins could not be checked: %v", err)
		} else {
			c.r.note("the test users' logins could not be checked: the browser did not start: %v", err)
		}
		return nil, false
	}
	s.Guard(c.t.AllowedHosts())
	return s, true
}

func (c *checker) agentName() string {
	if c.t.File.Agent == "http" {
		return "HTTP agent"
	}
	return "browser"
}

// passwordField is the element the login script types the password into,
// or else the first one it fills.
func passwordField(script []target.Action) (browser.Selector, bool) {
	var first *target.Action
	for i, a := range script {
		if a.Do != "fill" {
			continue
		}
		if strings.Contains(a.Value, "{password}") {
			return selector(a), true
		}
		if first == nil {
			first = &script[i]
		}
	}
	if first != nil {
		return selector(*first), true
	}
	return browser.Selector{}, false
}

func selector(a target.Action) browser.Selector {
	return browser.Selector{CSS: a.CSS, XPath: a.XPath, Text: a.Text, Frame: a.Frame}
}

// browserScript turns the target file's script into the browser's actions.
func browserScript(actions []target.Action) []browser.Action {
	out := make([]browser.Action, 0, len(actions))
	for _, a := range actions {
		d, _ := time.ParseDuration(a.Timeout)
		out = append(out, browser.Action{Match: a.Match, Do: a.Do, Target: selector(a), Value: a.Value, Optional: a.Optional, Timeout: d})
	}
	return out
}

// pageWithoutQuery keeps a URL readable and free of the request's state.
func pageWithoutQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
