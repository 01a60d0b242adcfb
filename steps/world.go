// Package steps is the glue between the Gherkin sentences of features/ and
// the domain packages: each step reads the scenario's World from the
// context, calls into internal/oauth, internal/record or internal/browser,
// and asserts with testify on T(ctx).
//
// Steps are grouped by interface (authorization_steps.go, token_steps.go,
// resource_steps.go); each group has a register function called by Register.
package steps

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/httpagent"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/redact"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

// Env is what every scenario of a run shares: the target, the HTTP
// transport, the browser process and the redactor. Nothing else is shared
// between scenarios.
type Env struct {
	Target    *target.Target
	Transport *record.Transport
	// Browser is nil when no browser was found; browser steps then end the
	// scenario with an error verdict that says how to install one.
	Browser    *browser.Browser
	BrowserErr error
	Redactor   *redact.Redactor
}

// World is the state of one scenario.
type World struct {
	env  *Env
	log  *record.Log
	http *record.Client

	// checks are the running step's failed assertions (see T), and
	// findings every check finding of the scenario (see report).
	checks   Checks
	findings []check.Finding

	mu         sync.Mutex
	session    UserAgent
	notes      []string
	stepStarts []time.Time

	// The flow so far.
	client   target.ResolvedClient
	authz    *oauth.AuthorizationRequest
	callback *oauth.Callback
	// code is the authorization code the flow obtained.
	code string
	// tokens is the last successful token response.
	tokens *oauth.TokenResponse
	// last is the last response of the interface under test, and
	// lastToken its body read as a token response (when it is one).
	last         *record.Response
	lastToken    *oauth.TokenResponse
	lastTokenErr error

	// What only one interface's steps need lives in its own file.
	authorizationState
	tokenState
	resourceState
	tlsState
	rightsState
	idTokenState
}

type worldKey struct{}

// NewWorld starts the world of a scenario and puts it in the context.
func (e *Env) NewWorld(ctx context.Context) (context.Context, *World) {
	log := &record.Log{}
	w := &World{env: e, log: log, http: e.Transport.Client(log)}
	return context.WithValue(ctx, worldKey{}, w), w
}

// WorldFrom returns the scenario's world.
func WorldFrom(ctx context.Context) *World {
	w, _ := ctx.Value(worldKey{}).(*World)
	return w
}

// StepStarted tells the world that step i begins, so evidence is shown under
// the step that produced it.
func (w *World) StepStarted(i int) {
	w.log.SetStep(i)
	w.mu.Lock()
	for len(w.stepStarts) <= i {
		w.stepStarts = append(w.stepStarts, time.Time{})
	}
	w.stepStarts[i] = time.Now()
	w.mu.Unlock()
}

// Refused returns the errors of the scenario's requests that the HTTP
// client would not send (record.Log.Refused), for the runner's message.
func (w *World) Refused() []error { return w.log.Refused() }

// Note adds a line of evidence that is neither an exchange nor a screenshot.
func (w *World) Note(format string, a ...any) {
	w.mu.Lock()
	w.notes = append(w.notes, fmt.Sprintf(format, a...))
	w.mu.Unlock()
}

// Evidence returns what the scenario recorded, for the report.
func (w *World) Evidence() (ex []reports.Exchange, shots []reports.Screenshot, notes []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	taken := w.retiredShots
	if w.session != nil {
		taken = append(append([]browser.Shot(nil), taken...), w.session.Shots()...)
	}
	for _, s := range taken {
		shots = append(shots, reports.Screenshot{Step: w.stepAt(s.Taken), Caption: s.Caption, URL: s.URL, PNG: s.PNG, Taken: s.Taken})
	}
	for _, e := range w.log.Exchanges() {
		ex = append(ex, reportExchange(e))
	}
	return ex, shots, append([]string(nil), w.notes...)
}

// reportExchange is a recorded exchange as the run model holds it.
func reportExchange(e record.Exchange) reports.Exchange {
	out := reports.Exchange{Step: e.Step, Started: e.Started, Duration: e.Duration, Err: e.Err,
		Request: reports.Request{Method: e.Request.Method, URL: e.Request.URL, Header: e.Request.Header, Body: e.Request.Body}}
	if r := e.Response; r != nil {
		out.Response = &reports.Response{Status: r.Status, Proto: r.Proto, Header: r.Header, Body: r.Body, Truncated: r.Truncated}
	}
	return out
}

// stepAt finds the step that was running at time t.
func (w *World) stepAt(t time.Time) int {
	step := 0
	for i, s := range w.stepStarts {
		if !s.IsZero() && !t.Before(s) {
			step = i
		}
	}
	return step
}

// Screenshot takes a shot of the browser page, when the scenario has one; it
// is used after a failure so the report shows what the user saw last.
func (w *World) Screenshot(ctx context.Context, caption string) {
	w.mu.Lock()
	s := w.session
	w.mu.Unlock()
	if s != nil {
		_ = s.Screenshot(ctx, caption)
	}
}

// Close ends the scenario's browser session.
func (w *World) Close() {
	w.mu.Lock()
	s := w.session
	w.session = nil
	w.mu.Unlock()
	if s != nil {
		// Keep the shots: Evidence was read before Close.
		_ = s.Close()
	}
}

// secret registers a value found outside the HTTP recorder (a code read
// from a browser redirect) for redaction.
func (w *World) secret(kind, value string) { w.env.Redactor.Add(kind, value) }

// browserSession returns the scenario's user agent, starting it: the
// browser, or the HTTP agent when the target file says agent: http.
func (w *World) browserSession(ctx context.Context) (UserAgent, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.session != nil {
		return w.session, nil
	}
	var prefixes []string
	for _, c := range w.env.Target.Clients {
		prefixes = append(prefixes, c.RedirectURI)
	}
	// A scenario that sends another redirect URI than the registered one
	// must see the person arrive there too, without the request going out.
	if r := w.authz.Get("redirect_uri"); r != "" && !slices.Contains(prefixes, r) {
		prefixes = append(prefixes, r)
	}
	if w.env.Target.File.Agent == "http" {
		// The recording client's host guard keeps credentials on the
		// hosts the target file names.
		w.session = httpagent.NewSession(w.http, prefixes)
		return w.session, nil
	}
	if w.env.Browser == nil {
		err := w.env.BrowserErr
		if err == nil {
			err = browser.ErrNoBrowser
		}
		return nil, outcome.WrapHarness(err)
	}
	s, err := w.env.Browser.Session(ctx, prefixes)
	if err != nil {
		if errors.Is(err, browser.ErrNoBrowser) {
			return nil, outcome.WrapHarness(err)
		}
		return nil, outcome.Harness("starting a browser session: %v", err)
	}
	// Pages elsewhere are not typed into, and once something is typed no
	// request leaves for a host the file does not name (authorization.CutShort
	// turns what was stopped into the verdict).
	s.Guard(w.env.Target.AllowedHosts())
	w.session = s
	return s, nil
}

// clientByRole picks a client of the target file: "primary" is the first,
// "second" the second.
func (w *World) clientByRole(role string) (target.ResolvedClient, error) {
	i := map[string]int{"primary": 0, "second": 1}[role]
	if i >= len(w.env.Target.Clients) {
		if i == 0 {
			return target.ResolvedClient{}, outcome.Harness("the target file has no client (clients[0]); every flow needs one")
		}
		return target.ResolvedClient{}, outcome.Missing(fmt.Sprintf("clients[%d]", i), fmt.Sprintf("this rule needs a %s client", role))
	}
	return w.env.Target.Clients[i], nil
}

// userByRole picks a test user: "with data", "without data" or "with
// data only at the early check" (users[].late_unavailable).
func (w *World) userByRole(role string) (target.ResolvedUser, error) {
	var u target.ResolvedUser
	var ok bool
	if role == "with data" {
		u, ok = w.env.Target.UserWithData()
	} else if role == lateUnavailable {
		u, ok = w.env.Target.UserLateUnavailable()
	} else {
		u, ok = w.env.Target.UserWithoutData()
	}
	switch {
	case !ok && role == "with data":
		return u, outcome.Harness("the target file has no user with data (users[].has_data: true); every flow needs one")
	case !ok && role == lateUnavailable:
		return u, outcome.Missing("users[].late_unavailable", "this rule needs a user whose data is there at the early check and gone at the resource")
	case !ok:
		return u, outcome.Missing("a user with has_data: false", "this rule needs a user without data")
	}
	return u, nil
}

// scriptVars are the values a login script may use.
func scriptVars(u target.ResolvedUser) map[string]string {
	return map[string]string{"username": u.Username, "password": u.PasswordValue}
}

// redirectBase is the redirect URI without query, for comparing where a
// redirect went.
func redirectBase(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment = "", ""
	return c.String()
}

// Register adds every step and the scenario world to a godog scenario.
func Register(sc *godog.ScenarioContext) {
	registerAuthorization(sc)
	registerToken(sc)
	registerResource(sc)
	registerTLS(sc)
	registerRights(sc)
	registerIDToken(sc)
}
