package steps

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/frontchannel"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// The authorization steps that need what a person sees: pages in the
// browser, the consent question, the way back to the client.

func registerAuthorizationBrowser(sc *godog.ScenarioContext) {
	sc.Step(`^the user's browser opens the authorization request$`, browserOpensRequest)
	sc.Step(`^the page the user sees has no link back to the client$`, pageHasNoBackLink)
	sc.Step(`^the user (with data) logs in$`, logInOnly)
	sc.Step(`^the consent question names the client, the data service and the provider$`, consentNamesParties)
	sc.Step(`^the user cancels at the login page$`, cancelAtLogin)
	sc.Step(`^the user with data has refused the (primary|second) client$`, hasRefused)
	sc.Step(`^the answer cannot be told apart from the refusal$`, answerLikeRefusal)
	sc.Step(`^the authorization code has at least (\d+) bits of entropy$`, codeEntropy)
	sc.Step(`^the (primary|second) client starts an authorization request for the granted and the declinable scope with PKCE$`, startWithDeclinableScope)
	sc.Step(`^the user (with data) logs in, declines the declinable scope and approves$`, declineOneScope)
	sc.Step(`^the granted scope leaves out the declined scope$`, grantLeavesOutDeclined)
}

// browserOpensRequest sends the person's browser to the authorization
// request and keeps a screenshot of the page the person sees.
func browserOpensRequest(ctx context.Context) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	w.Note("authorization request: %s", r.URL())
	if err := s.Navigate(ctx, r.URL()); err != nil {
		return guarded(ctx, s, fmt.Errorf("opening the authorization request: %w", err))
	}
	// Reading the text waits for the document, so a redirect the server
	// answered with has happened by now.
	if _, err := s.Text(ctx); err != nil {
		return err
	}
	return s.Screenshot(ctx, "the page the user sees")
}

// pageHasNoBackLink looks for links and forms that lead to the client on
// the page as rendered (MedMij technische-storing-core).
func pageHasNoBackLink(ctx context.Context) error {
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	var found []string
	for _, h := range clientHosts(w) {
		sel := browser.Selector{CSS: fmt.Sprintf(`a[href*=%q], form[action*=%q], [formaction*=%q]`, "//"+h, "//"+h, "//"+h)}
		has, err := s.Has(ctx, sel)
		if err != nil {
			return outcome.Harness("looking for links on the error page: %v", err)
		}
		if has {
			found = append(found, h)
		}
	}
	expect(ctx, len(found) == 0,
		"links on the error page (MedMij technische-storing-core: the way back only with a valid client_id and redirect URI)",
		"no link or form leading to "+strings.Join(clientHosts(w), " or "), "a link or form leading to "+strings.Join(found, ", "), implementation)
	return nil
}

// logInOnly runs the login script and stops at the page that follows.
func logInOnly(ctx context.Context, userRole string) error {
	s, err := openAndLogIn(ctx, userRole)
	if err != nil {
		return err
	}
	if cb, done := s.Reached(); done {
		return fmt.Errorf("after login the browser went back to the client (%s) without asking for consent", redactCode(cb))
	}
	return nil
}

// openAndLogIn sends the browser to the scenario's request and runs the
// login script there.
func openAndLogIn(ctx context.Context, userRole string) (UserAgent, error) {
	w := WorldFrom(ctx)
	u, err := w.userByRole(userRole)
	if err != nil {
		return nil, err
	}
	s, err := openAuthorization(ctx)
	if err != nil {
		return nil, err
	}
	if err := runScript(ctx, s, w.env.Target.File.Browser.Login, scriptVars(u), "login script"); err != nil {
		return nil, err
	}
	return s, nil
}

// openAuthorization sends the browser to the scenario's request.
func openAuthorization(ctx context.Context) (UserAgent, error) {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return nil, err
	}
	s, err := w.browserSession(ctx)
	if err != nil {
		return nil, err
	}
	w.Note("authorization request: %s", r.URL())
	if err := s.Navigate(ctx, r.URL()); err != nil {
		return nil, guarded(ctx, s, fmt.Errorf("opening the authorization request: %w", err))
	}
	return s, nil
}

// redactCode shows where a redirect went without what it carried: a code
// may sit in the query or, after a redirect URI with a fragment, in the
// fragment.
func redactCode(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.RawFragment = "", "", ""
	return c.String()
}

// consentNamesParties reads the consent question as the person sees it
// (MedMij core.usrint.102: NaamLeverancierPGO, NaamGegevensdienst,
// NaamAanbieder).
func consentNamesParties(ctx context.Context) error {
	w := WorldFrom(ctx)
	want := w.env.Target.File.Consent
	if w.client.Name == "" || want.Service == "" || want.Provider == "" {
		return outcome.Missing("clients[].name, consent.service and consent.provider", "this rule needs the names the consent question must show")
	}
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	text, err := s.Text(ctx)
	if err != nil {
		return err
	}
	_ = s.Screenshot(ctx, "the consent question")
	var missing []string
	for _, name := range []string{w.client.Name, want.Service, want.Provider} {
		if !strings.Contains(text, name) {
			missing = append(missing, fmt.Sprintf("%q", name))
		}
	}
	expect(ctx, len(missing) == 0, "the consent question (MedMij core.usrint.102)",
		fmt.Sprintf("the client %q, the data service %q and the provider %q on the page", w.client.Name, want.Service, want.Provider),
		"the page lacks "+strings.Join(missing, ", "), implementation+", or the names in the target file")
	return nil
}

// cancelAtLogin presses the login page's cancel and waits for the way back.
func cancelAtLogin(ctx context.Context) error {
	w := WorldFrom(ctx)
	cancel := w.env.Target.File.Browser.Cancel
	if len(cancel) == 0 {
		return outcome.Missing("browser.cancel", "this rule needs the script that cancels at the login page")
	}
	s, err := openAuthorization(ctx)
	if err != nil {
		return err
	}
	if err := runScript(ctx, s, cancel, map[string]string{}, "cancel script"); err != nil {
		return err
	}
	return awaitCallback(ctx, s, "after cancelling at the login page")
}

// awaitCallback waits for the redirect to the client and keeps it.
func awaitCallback(ctx context.Context, s UserAgent, after string) error {
	w := WorldFrom(ctx)
	cb, err := s.Callback(ctx)
	if err != nil {
		return guarded(ctx, s, fmt.Errorf("%s, the browser never reached the client's redirect URI %s (last page %s): %w", after, w.client.RedirectURI, s.URL(), err))
	}
	c := oauth.ParseCallback(cb)
	w.callback = &c
	if code := c.Get("code"); code != "" {
		w.secret("code", code)
		w.code = code
	}
	w.Note("redirect to the client: %s", cb.String())
	return nil
}

// hasRefused runs a whole flow in which the person says no, keeps the
// answer, and starts the next flow in a new browser session (a session
// keeps only its first redirect to the client).
func hasRefused(ctx context.Context, clientRole string) error {
	if err := startAuthorization(ctx, clientRole); err != nil {
		return err
	}
	if err := logInAndDecide(ctx, "with data", "denies"); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	w.refusal, w.callback = w.callback, nil
	w.retireBrowserSession()
	return nil
}

// retireBrowserSession closes the current session and keeps it for its
// screenshots.
func (w *World) retireBrowserSession() {
	w.mu.Lock()
	s := w.session
	w.session = nil
	if s != nil {
		w.retiredShots = append(w.retiredShots, s.Shots()...)
	}
	w.mu.Unlock()
	if s != nil {
		_ = s.Close()
	}
}

// answerLikeRefusal compares the answer for a person without data with the
// refusal (MedMij Autoriseren exceptions 1 and 2: the client must not be
// able to tell them apart, or it learns who is a patient where).
func answerLikeRefusal(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.refusal == nil {
		return outcome.Harness("no refusal was recorded earlier in this scenario")
	}
	var differences []string
	if w.callback == nil {
		differences = []string{"the person without data was not sent back to the client"}
	} else {
		differences = frontchannel.AnswerDifferences(w.refusal.URL, w.callback.URL)
	}
	expect(ctx, len(differences) == 0,
		"the answer for a person without data compared with a refusal (MedMij Autoriseren exceptions 1 and 2, A6)",
		"the same redirect: same parameters, same error, no error_description that tells them apart",
		strings.Join(differences, "; "), implementation)
	return nil
}

// codeEntropy estimates the code's guessability from its length and
// alphabet (RFC 6749 §10.10: at most 2^-128; RFC 6819 §5.1.4.2.2).
func codeEntropy(ctx context.Context, bits int) error {
	w := WorldFrom(ctx)
	if w.code == "" {
		return outcome.Harness("no authorization code was obtained earlier in this scenario")
	}
	got := frontchannel.EntropyBits(w.code)
	expect(ctx, got >= float64(bits),
		"how hard the authorization code is to guess (RFC 6749 §10.10), estimated from its length and alphabet",
		fmt.Sprintf("at least %d bits", bits), fmt.Sprintf("%.0f bits (%d characters)", got, len(w.code)), implementation)
	return nil
}

// startWithDeclinableScope asks for the data scope and the scope the person
// will decline, with an S256 challenge (ID-porten requires PKCE).
func startWithDeclinableScope(ctx context.Context, role string) error {
	if err := startAuthorization(ctx, role); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	scopes := w.env.Target.File.Scopes
	if scopes.Declinable == "" || len(w.env.Target.File.Browser.DeclineScope) == 0 {
		return outcome.Missing("scopes.declinable and browser.decline_scope", "this rule needs a scope the person can decline on the consent page")
	}
	w.authz.Set("scope", scopes.Granted+" "+scopes.Declinable)
	return addCodeChallenge(ctx, "S256")
}

func declineOneScope(ctx context.Context, userRole string) error {
	if err := logInOnly(ctx, userRole); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	b := w.env.Target.File.Browser
	u, _ := w.userByRole(userRole)
	if err := runScript(ctx, s, b.DeclineScope, scriptVars(u), "decline_scope script"); err != nil {
		return err
	}
	if err := runScript(ctx, s, b.Approve, scriptVars(u), "approve script"); err != nil {
		return err
	}
	return awaitCallback(ctx, s, "after declining one scope and approving")
}

// grantLeavesOutDeclined reads the scope of the token response (RFC 6749
// §5.1: REQUIRED when it differs from the requested scope).
func grantLeavesOutDeclined(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.tokens == nil {
		return outcome.Harness("no token response was obtained earlier in this scenario")
	}
	scopes := w.env.Target.File.Scopes
	granted := strings.Fields(w.tokens.Scope)
	got := w.tokens.Scope
	if got == "" {
		got = "no scope in the token response, which means the requested scope (RFC 6749 §5.1), declined one included"
	}
	expect(ctx, slices.Contains(granted, scopes.Granted) && !slices.Contains(granted, scopes.Declinable) && w.tokens.Scope != "",
		"the scope granted after the person declined one of two (ID-porten brukerstyrt datadeling, seed 001; RFC 6749 §3.3, §5.1)",
		fmt.Sprintf("%q without %q", scopes.Granted, scopes.Declinable), got, implementation)
	return nil
}
