package steps

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/target"
)

// The steps for a request the server cannot trust (unknown client,
// unregistered redirect URI): the person must never reach the client, not
// even after a login, and should be told at once.

func registerAuthorizationUntrusted(sc *godog.ScenarioContext) {
	sc.Step(`^the user (with data) logs in and approves if the server asks$`, logInIfAsked)
	sc.Step(`^the browser never reaches the client$`, neverReachesClient)
	sc.Step(`^the page the user sees is an error page, not a login page$`, seesErrorNotLogin)
	sc.Step(`^the user (with data) logs in and sees the consent question$`, logInToConsent)
	sc.Step(`^the page the user sees forbids framing by other sites$`, pageForbidsFraming)
}

// logInIfAsked plays along with a server that shows its login page for a
// request it should have refused: some check the client only at the end of
// the login (docs/peers.md), and where they send the person then is what
// RFC 6749 §4.1.2.1's MUST is about. A server that refused at once shows
// no login form, and nothing is done.
func logInIfAsked(ctx context.Context, userRole string) error {
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	if _, gone := s.Reached(); gone {
		return nil // already redirected; the next step judges it
	}
	asks, err := asksToLogIn(ctx, s, w.env.Target.File.Browser.Login)
	if err != nil || !asks {
		return err
	}
	u, err := w.userByRole(userRole)
	if err != nil {
		return err
	}
	if err := runScript(ctx, s, w.env.Target.File.Browser.Login, scriptVars(u), "login script, on the login page shown for a request the server should have refused"); err != nil {
		return err
	}
	if _, gone := s.Reached(); gone {
		return nil
	}
	// A consent page may follow; an error page has no approve button, so
	// the approve script is only run when its first element is there.
	approve := w.env.Target.File.Browser.Approve
	if asks, err := hasFirstTarget(ctx, s, approve); err != nil || !asks {
		return err
	}
	if err := runScript(ctx, s, approve, scriptVars(u), "approve script, on the consent page shown for a request the server should have refused"); err != nil {
		return err
	}
	return nil
}

// asksToLogIn tells a login page from an error page by the first element
// the login script fills in, or else by a password field.
func asksToLogIn(ctx context.Context, s UserAgent, login []target.Action) (bool, error) {
	if len(login) > 0 {
		return hasFirstTarget(ctx, s, login)
	}
	has, err := s.Has(ctx, browser.Selector{CSS: `input[type=password]`})
	if err != nil {
		return false, outcome.Harness("looking for a login form: %v", err)
	}
	return has, nil
}

// hasFirstTarget reports whether the first element a script acts on is on
// the current page (a script's optional first steps are skipped).
func hasFirstTarget(ctx context.Context, s UserAgent, actions []target.Action) (bool, error) {
	for _, a := range script(actions) {
		if a.Optional || (a.Do != "fill" && a.Do != "click" && a.Do != "select") {
			continue
		}
		has, err := s.Has(ctx, a.Target)
		if err != nil {
			return false, outcome.Harness("looking for %s: %v", a.Target, err)
		}
		return has, nil
	}
	return false, nil
}

// neverReachesClient: neither a navigation the session intercepted nor
// the page it ended on is at the client.
func neverReachesClient(ctx context.Context) error {
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	cb, reached := s.Reached()
	got := "the browser stayed on " + hostOf(s.URL())
	if reached {
		w.keepCallbackSecrets(cb)
		got = "the browser was sent to " + redactCode(cb)
	} else if slices.Contains(clientHosts(w), hostOf(s.URL())) {
		reached = true
		got = "the browser ended on " + hostOf(s.URL())
	}
	if !reached {
		// Evidence of where the person stayed; a redirect to the client
		// is photographed by the session itself.
		_ = s.Screenshot(ctx, "where the person ended up")
	}
	expect(ctx, !reached,
		"where the person is sent when the client or redirect URI cannot be trusted, before or after a login (RFC 6749 §4.1.2.1: \"MUST NOT automatically redirect the user-agent to the invalid redirection URI\"; §10.15 open redirector)",
		"no redirect to "+strings.Join(clientHosts(w), " or "), got, implementation)
	return nil
}

// seesErrorNotLogin: the refusal comes before anyone logs in (MedMij:
// technical errors abort the flow as fast as possible).
func seesErrorNotLogin(ctx context.Context) error {
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	cb, reached := s.Reached()
	if reached {
		expect(ctx, false, "the page shown for a request the server must refuse (RFC 6749 §4.1.2.1; MedMij technische-storing-core)",
			"an error page at the authorization server", "a redirect to "+redactCode(cb), implementation)
		return nil
	}
	login, err := asksToLogIn(ctx, s, w.env.Target.File.Browser.Login)
	if err != nil {
		return err
	}
	text, err := s.Text(ctx)
	if err != nil {
		return outcome.Harness("reading the page: %v", err)
	}
	got := fmt.Sprintf("a page with %d characters of text", len(strings.TrimSpace(text)))
	if login {
		got = "the login page: the request is refused only after the person logged in, if at all"
	}
	expect(ctx, !login && strings.TrimSpace(text) != "",
		"the page shown at once for a request the server must refuse (RFC 6749 §4.1.2.1; MedMij technische-storing-core and the MACM rule that technical errors abort the flow as fast as possible)",
		"an error page that tells the person, before any login", got, implementation)
	return nil
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Hostname()
}

// keepCallbackSecrets marks what a redirect to a place it should not have
// gone carried (a code, or tokens) as secrets, wherever in the URL they sit,
// so that no report shows them.
func (w *World) keepCallbackSecrets(cb *url.URL) {
	params := []url.Values{cb.Query()}
	frag := cb.Fragment
	if i := strings.IndexAny(frag, "?#"); i >= 0 {
		frag = frag[i+1:]
	}
	if q, err := url.ParseQuery(frag); err == nil {
		params = append(params, q)
	}
	for _, q := range params {
		for _, name := range []string{"code", "access_token", "id_token", "refresh_token"} {
			for _, v := range q[name] {
				w.secret(name, v)
			}
		}
	}
}
