package httpagent

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/toets/toets/internal/agent"
	"github.com/toets/toets/internal/loginpages"
	"github.com/toets/toets/internal/record"
)

// The page shapes of internal/loginpages, driven without a browser: a chain
// of plain HTML pages must work; a fetch() login and a form in an iframe
// must stop with a message that names agent: browser, before any credential
// is sent somewhere the page would not send it.

func vendorSession(t *testing.T) (*Session, *loginpages.Server, *record.Log) {
	t.Helper()
	srv, err := loginpages.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	var hosts []string
	for _, raw := range []string{srv.Main, srv.IdP} {
		u, _ := url.Parse(raw)
		hosts = append(hosts, u.Host)
	}
	tr := record.NewTransport(record.Options{AllowedHosts: hosts})
	log := &record.Log{}
	return NewSession(tr.Client(log), []string{loginpages.CallbackURL}), srv, log
}

var vendorUser = map[string]string{"username": loginpages.Username, "password": loginpages.Password}

func TestSeveralHopsToConsent(t *testing.T) {
	s, srv, _ := vendorSession(t)
	ctx := context.Background()
	if err := s.Navigate(ctx, srv.Main+"/hop/start"); err != nil {
		t.Fatal(err)
	}
	script := []agent.Action{
		{Do: "click", Target: agent.Selector{Text: "DigiD"}},
		{Match: "*/hop/digid", Do: "fill", Target: agent.Selector{CSS: "#digid-user"}, Value: "{username}"},
		{Do: "press", Value: "Enter"},
		{Match: "*/hop/digid/password", Do: "fill", Target: agent.Selector{CSS: "#digid-password"}, Value: "{password}"},
		{Do: "click", Target: agent.Selector{Text: "Inloggen"}},
		{Match: "*/hop/extra-question", Do: "click", Target: agent.Selector{Text: "Nee"}, Optional: true},
		{Match: "*/consent", Do: "click", Target: agent.Selector{Text: "Toestaan"}},
	}
	if err := s.Run(ctx, script, vendorUser); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil || cb.Query().Get("code") != "abc" {
		t.Fatalf("callback %v, %v", cb, err)
	}
}

func TestPagesThatNeedTheBrowser(t *testing.T) {
	for _, tc := range []struct {
		name, start string
		frame       string
		want        error
	}{
		{"fetch login", "/fetch-login", "", errScripted},
		{"form in an iframe, script names the frame", "/iframe-login", "#idp-frame", errFrame},
		{"form in an iframe, script does not", "/iframe-login", "", errFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, srv, log := vendorSession(t)
			ctx := context.Background()
			if err := s.Navigate(ctx, srv.Main+tc.start); err != nil {
				t.Fatal(err)
			}
			script := []agent.Action{
				{Do: "fill", Target: agent.Selector{Frame: tc.frame, CSS: "#username"}, Value: "{username}"},
				{Do: "fill", Target: agent.Selector{Frame: tc.frame, CSS: "#password"}, Value: "{password}"},
				{Do: "click", Target: agent.Selector{Frame: tc.frame, CSS: "#login"}},
			}
			err := s.Run(ctx, script, vendorUser)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), "agent: browser") {
				t.Fatalf("want an error naming agent: browser (%v), got %v", tc.want, err)
			}
			for _, ex := range log.Exchanges() {
				if ex.Request.Method != "GET" {
					t.Errorf("nothing may be submitted, but %s %s was sent", ex.Request.Method, ex.Request.URL)
				}
			}
			t.Log(err)
		})
	}
}
