package browser

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/internal/loginpages"
)

// These tests run target-file-style scripts through the vendor page shapes
// of internal/loginpages: a fetch() login, a cross-origin iframe and a chain
// of identity-provider pages. Each must end at the callback with a code,
// which the pages only allow after a real login.

var vendorUser = map[string]string{"username": loginpages.Username, "password": loginpages.Password}

var approveScript = []Action{{Match: "*/consent", Do: "click", Target: Selector{Text: "Toestaan"}}}

func runVendorFlow(t *testing.T, startPath string, script []Action) *Session {
	t.Helper()
	needBrowser(t)
	srv, err := loginpages.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	s := newSession(t, shared, loginpages.CallbackURL)
	ctx := context.Background()
	if err := s.Navigate(ctx, srv.Main+startPath); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Run(ctx, append(append([]Action{}, script...), approveScript...), vendorUser); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Query().Get("code") != "abc" {
		t.Fatalf("callback %s has no code", cb)
	}
	t.Logf("%s: callback reached in %s", startPath, time.Since(start).Round(time.Millisecond))
	return s
}

func TestFetchLoginThenScriptNavigation(t *testing.T) {
	runVendorFlow(t, "/fetch-login", []Action{
		{Do: "fill", Target: Selector{CSS: "#username"}, Value: "{username}"},
		{Do: "fill", Target: Selector{CSS: "#password"}, Value: "{password}"},
		{Do: "click", Target: Selector{CSS: "#login"}},
	})
}

func TestLoginInCrossOriginIframe(t *testing.T) {
	frame := "#idp-frame"
	s := runVendorFlow(t, "/iframe-login", []Action{
		{Do: "fill", Target: Selector{Frame: frame, CSS: "#username"}, Value: "{username}"},
		{Do: "fill", Target: Selector{Frame: frame, XPath: "//input[@type='password']"}, Value: "{password}"},
		{Do: "click", Target: Selector{Frame: frame, Text: "Inloggen"}},
	})
	for _, sh := range s.Shots() {
		if strings.Contains(sh.Caption, loginpages.Password) || strings.Contains(sh.URL, loginpages.Password) {
			t.Errorf("a screenshot caption or URL shows the password: %q %q", sh.Caption, sh.URL)
		}
	}
}

func TestSeveralHopsToConsent(t *testing.T) {
	runVendorFlow(t, "/hop/start", []Action{
		{Do: "click", Target: Selector{Text: "DigiD"}},
		{Match: "*/hop/digid", Do: "fill", Target: Selector{CSS: "#digid-user"}, Value: "{username}"},
		{Do: "press", Value: "Enter"},
		{Match: "*/hop/digid/password", Do: "fill", Target: Selector{CSS: "#digid-password"}, Value: "{password}"},
		{Do: "click", Target: Selector{Text: "Inloggen"}},
		{Match: "*/hop/extra-question", Do: "click", Target: Selector{Text: "Nee"}, Optional: true, Timeout: 300 * time.Millisecond},
	})
}

// TestFrameErrors: a frame selector that names no iframe fails at once with
// a message saying so; an element missing in the frame fails at its timeout.
func TestFrameErrors(t *testing.T) {
	needBrowser(t)
	srv, err := loginpages.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	s := newSession(t, shared, loginpages.CallbackURL)
	ctx := context.Background()
	if err := s.Navigate(ctx, srv.Main+"/iframe-login"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.Run(ctx, []Action{{Do: "fill", Target: Selector{Frame: "h1", CSS: "#username"}, Value: "x"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "not an iframe") || time.Since(start) > 2*time.Second {
		t.Errorf("a frame selector naming an <h1> should fail fast, got %v after %s", err, time.Since(start))
	}
	err = s.Run(ctx, []Action{{Do: "click", Target: Selector{Frame: "#idp-frame", CSS: "#nope"}, Timeout: 500 * time.Millisecond}}, nil)
	var se *StepError
	if err == nil || !strings.Contains(err.Error(), "in frame #idp-frame") {
		t.Errorf("a missing element in a frame should name the frame, got %v", err)
	} else if !errors.As(err, &se) || !se.Timeout {
		t.Errorf("a missing element should be a timeout, got %#v", err)
	}
	if ok, err := s.Has(ctx, Selector{Frame: "#idp-frame", CSS: "#password"}); err != nil || !ok {
		t.Errorf("Has should see the password field in the frame: %v %v", ok, err)
	}
}

// TestFrameFillGuardedByFrameHost: the host that receives a value typed
// into a frame is the frame's, so that is the host the target file must name.
func TestFrameFillGuardedByFrameHost(t *testing.T) {
	needBrowser(t)
	srv, err := loginpages.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	s := newSession(t, shared, loginpages.CallbackURL)
	s.GuardFills([]string{strings.TrimPrefix(srv.Main, "http://")})
	ctx := context.Background()
	if err := s.Navigate(ctx, srv.Main+"/iframe-login"); err != nil {
		t.Fatal(err)
	}
	err = s.Run(ctx, []Action{{Do: "fill", Target: Selector{Frame: "#idp-frame", CSS: "#password"}, Value: "{password}"}}, vendorUser)
	if err == nil || !strings.Contains(err.Error(), "refusing to type") || !strings.Contains(err.Error(), "localhost") {
		t.Fatalf("typing into the IdP's frame must be refused when only the top page's host is named, got %v", err)
	}
}
