package httpagent

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/toets/toets/internal/agent"
)

// FuzzForms parses an arbitrary page as the HTTP agent does, runs a
// fill/click/press script against it (with an arbitrary selector) and
// checks the request the page would make, without a network: vendors'
// pages are untrusted input, and a crafted one must not crash a run or make
// the agent send something no browser would.
func FuzzForms(f *testing.F) {
	f.Add(`<form method="post" action="/login"><input id="username" name="username"><input name="password" type="password"><button>Inloggen</button></form>`, "#username", "jan")
	f.Add(`<form action="?a=1"><input type="checkbox" name="ok" checked><input type="radio" name="r" value="1"><select name="s"><option>x</select><textarea name="t">hi</textarea><input type="submit" name="go" value="Inloggen" formaction="/x"></form>`, "textarea", "v")
	f.Add(`<a href="javascript:alert(1)">Inloggen</a><iframe src="/f"></iframe>`, "a", "")
	f.Add(`<form onsubmit="x()"><input name="a"><button type="button">Inloggen</button></form>`, "[name=a]", "1")
	f.Add(`<form action="http://[::1">`, ":not(", "x")
	f.Fuzz(func(t *testing.T, page, css, value string) {
		base, _ := url.Parse("https://as.example/login?step=1")
		s := NewSession(nil, []string{"https://client.example/cb"})
		var sent []*http.Request
		s.offline = func(r *http.Request) error {
			sent = append(sent, r)
			return nil
		}
		if err := s.load(base, []byte(page)); err != nil {
			return
		}
		script := []agent.Action{
			{Do: "fill", Target: agent.Selector{CSS: css}, Value: "{value}", Optional: true},
			{Do: "click", Target: agent.Selector{CSS: "input[type=checkbox], input[type=radio]"}, Optional: true},
			{Do: "click", Target: agent.Selector{Text: "Inloggen"}, Optional: true},
			{Do: "press", Value: "Enter", Optional: true},
		}
		_ = s.Run(context.Background(), script, map[string]string{"value": value})
		_, _ = s.Text(context.Background())
		_, _ = s.Has(context.Background(), agent.Selector{CSS: css})
		for _, r := range sent {
			if r.Method != http.MethodGet && r.Method != http.MethodPost {
				t.Fatalf("a page made the agent send %s", r.Method)
			}
			if !r.URL.IsAbs() {
				t.Fatalf("a request to a relative URL %q: it must be resolved against the page", r.URL)
			}
			if r.Method == http.MethodPost {
				if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
					t.Fatalf("a form post without its content type: %q", r.Header.Get("Content-Type"))
				}
				var body strings.Builder
				if r.GetBody != nil {
					rc, _ := r.GetBody()
					b := readAll(rc)
					body.Write(b)
				}
				if _, err := url.ParseQuery(body.String()); err != nil {
					t.Fatalf("a form body that does not parse: %v", err)
				}
			}
		}
	})
}
