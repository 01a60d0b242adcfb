package httpagent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/toets/toets/internal/agent"
	"github.com/toets/toets/internal/record"
)

// The host guard as the steps see it: what the recording client refused is
// listed by Blocked, a 307/308 of a credential post by CredentialRedirects,
// and neither says what was typed.

const guardPassword = "pass word&secret"

// guardSites is a login server (named in the target file) and a collector
// on another port (not named), which counts every request it gets.
type guardSites struct {
	named, other *httptest.Server
	mu           sync.Mutex
	reached      int // requests the collector received
}

func startGuardSites(t *testing.T, loginPage func(other string) string, afterLogin func(w http.ResponseWriter, r *http.Request)) *guardSites {
	t.Helper()
	g := &guardSites{}
	g.other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.reached++
		g.mu.Unlock()
		fmt.Fprint(w, `<!doctype html><p>collected</p>`)
	}))
	t.Cleanup(g.other.Close)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, loginPage(g.other.URL))
	})
	mux.HandleFunc("POST /login", afterLogin)
	mux.HandleFunc("POST /again", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><p>welcome</p>`)
	})
	mux.HandleFunc("GET /elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, g.other.URL+"/login", http.StatusFound)
	})
	g.named = httptest.NewServer(mux)
	t.Cleanup(g.named.Close)
	return g
}

func (g *guardSites) session(t *testing.T) *Session {
	u, _ := url.Parse(g.named.URL)
	tr := record.NewTransport(record.Options{AllowedHosts: []string{u.Host}})
	t.Cleanup(tr.Close)
	return NewSession(tr.Client(&record.Log{}), []string{"https://client.invalid/cb"})
}

func loginForm(action, method string) string {
	return `<!doctype html><form method="` + method + `" action="` + action + `"><input id="username" name="username"><input id="password" name="password" type="password"><button id="login">Inloggen</button></form>`
}

var guardLogin = []agent.Action{
	{Do: "fill", Target: agent.Selector{CSS: "#username"}, Value: "{username}"},
	{Do: "fill", Target: agent.Selector{CSS: "#password"}, Value: "{password}"},
	{Do: "click", Target: agent.Selector{CSS: "#login"}},
}

var guardUser = map[string]string{"username": "alice.toets", "password": guardPassword}

func TestGuardRecordsWhatItStopped(t *testing.T) {
	welcome := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<p>welcome</p>`) }
	cases := []struct {
		name       string
		page       func(other string) string
		afterLogin func(w http.ResponseWriter, r *http.Request)
		start      string // path on the named site; /login when empty
		blocked    []agent.Blocked
		redirects  []agent.Redirect
	}{
		{
			name:       "a form that posts to another host",
			page:       func(other string) string { return loginForm(other+"/collect", "post") },
			afterLogin: welcome,
			blocked:    []agent.Blocked{{Method: "POST", URL: "OTHER/collect", Kind: "form"}},
		},
		{
			name:       "a GET form to another host, the password in its query",
			page:       func(other string) string { return loginForm(other+"/collect", "get") },
			afterLogin: welcome,
			blocked:    []agent.Blocked{{Method: "GET", URL: "OTHER/collect?password=[redacted]&username=[redacted]", Kind: "form"}},
		},
		{
			name: "a 307 of the login post to another host",
			page: func(string) string { return loginForm("/login", "post") },
			afterLogin: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.Header.Get("X-Other")+"/collect", http.StatusTemporaryRedirect)
			},
			blocked:   []agent.Blocked{{Method: "POST", URL: "OTHER/collect", Kind: "redirect", Status: 307}},
			redirects: []agent.Redirect{{Method: "POST", From: "NAMED/login", To: "OTHER/collect", Status: 307}},
		},
		{
			name: "a 308 of the login post to the same server",
			page: func(string) string { return loginForm("/login", "post") },
			afterLogin: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/again", http.StatusPermanentRedirect)
			},
			redirects: []agent.Redirect{{Method: "POST", From: "NAMED/login", To: "NAMED/again", Status: 308}},
		},
		{
			name: "a 303 after the login is no credential redirect",
			page: func(string) string { return loginForm("/login", "post") },
			afterLogin: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.Header.Get("X-Other")+"/welcome", http.StatusSeeOther)
			},
			blocked: []agent.Blocked{{Method: "GET", URL: "OTHER/welcome", Kind: "redirect", Status: 303}},
		},
		{
			name:       "a login page on another host is never fetched",
			start:      "/elsewhere",
			page:       func(string) string { return "" },
			afterLogin: welcome,
			blocked:    []agent.Blocked{{Method: "GET", URL: "OTHER/login", Kind: "redirect", Status: 302}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var g *guardSites
			g = startGuardSites(t, c.page, func(w http.ResponseWriter, r *http.Request) {
				// The collector's address, for the handlers that send
				// the person there.
				r.Header.Set("X-Other", g.other.URL)
				c.afterLogin(w, r)
			})
			s := g.session(t)
			ctx := context.Background()
			start := c.start
			if start == "" {
				start = "/login"
			}
			err := s.Navigate(ctx, g.named.URL+start)
			if err == nil {
				err = s.Run(ctx, guardLogin, guardUser)
			}
			if len(c.blocked) > 0 && !errors.Is(err, record.ErrHostNotAllowed) {
				t.Errorf("the flow should end with the host guard's refusal, got %v", err)
			}
			if len(c.blocked) == 0 && err != nil {
				t.Errorf("nothing was stopped, yet: %v", err)
			}
			names := strings.NewReplacer("OTHER", g.other.URL, "NAMED", g.named.URL)
			for i := range c.blocked {
				c.blocked[i].URL = names.Replace(c.blocked[i].URL)
			}
			for i := range c.redirects {
				c.redirects[i].From, c.redirects[i].To = names.Replace(c.redirects[i].From), names.Replace(c.redirects[i].To)
			}
			if got := s.Blocked(); fmt.Sprint(got) != fmt.Sprint(c.blocked) {
				t.Errorf("Blocked:\n got %v\nwant %v", got, c.blocked)
			}
			if got := s.CredentialRedirects(); fmt.Sprint(got) != fmt.Sprint(c.redirects) {
				t.Errorf("CredentialRedirects:\n got %v\nwant %v", got, c.redirects)
			}
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.reached != 0 {
				t.Errorf("the host the target file does not name received %d requests", g.reached)
			}
		})
	}
}

// TestRedirectOfAPostBeforeTypingIsNoCredentialRedirect: a 307 of a form
// with nothing typed into it carries no credential.
func TestRedirectOfAPostBeforeTypingIsNoCredentialRedirect(t *testing.T) {
	g := startGuardSites(t, func(string) string { return loginForm("/login", "post") }, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, "/again", http.StatusTemporaryRedirect)
	})
	s := g.session(t)
	ctx := context.Background()
	if err := s.Navigate(ctx, g.named.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(ctx, guardLogin[2:], nil); err != nil {
		t.Fatal(err)
	}
	if got := s.CredentialRedirects(); len(got) != 0 {
		t.Errorf("no value was typed, yet %v", got)
	}
}
