package steps

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/checks/authorization"
	"github.com/toets/toets/internal/frontchannel"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/record"
)

// The authorization request over plain HTTP: what the server answers a
// browser's first request, without a browser. Redirects to the client are
// read from Location and never followed.

func registerAuthorizationRequests(sc *godog.ScenarioContext) {
	sc.Step(`^the request's ([a-z_]+) parameter is (missing|repeated|an unknown client|an unknown scope|`+scopeMalformations+`|on another host|on another path|with an extra query|with a fragment|over http instead of https)$`, changeParam)
	sc.Step(`^the request's ([a-z_]+) parameter is "([^"]*)"$`, setParam)
	sc.Step(`^the request carries an unrecognised parameter ([A-Za-z][A-Za-z0-9_-]*)$`, addUnknownParam)
	sc.Step(`^the request carries a code challenge with method (S256|plain)$`, addCodeChallenge)
	sc.Step(`^the request carries a code challenge without a method$`, addCodeChallengeWithoutMethod)
	sc.Step(`^the request carries an S256 code challenge that is (too short|too long|not base64url)$`, addMalformedChallenge)
	sc.Step(`^the request carries no code challenge$`, noCodeChallenge)
	sc.Step(`^the metadata does not list the code challenge method (plain)$`, metadataLacksMethod)
	sc.Step(`^the metadata announces the iss parameter in authorization responses$`, metadataAnnouncesIss)
	sc.Step(`^the authorization request is sent$`, sendAuthorization)
	sc.Step(`^the server does not redirect to the client$`, noRedirectToClient)
	sc.Step(`^the server shows an error page without a link back to the client$`, errorPageWithoutBackLink)
	sc.Step(`^the server shows a page that tells the person of the error$`, pageTellsOfError)
	sc.Step(`^the client is sent back with the error ([a-z_]+)(?: or ([a-z_]+))?$`, sentBackWithError)
	sc.Step(`^the client is sent back with an error$`, sentBackWithAnyError)
	sc.Step(`^the server refuses the scope with invalid_scope or reads it leniently$`, scopeReadOrRefused)
	sc.Step(`^the server refuses the malformed challenge$`, answerCheck(authorization.ChallengeRefused))
	sc.Step(`^the server refuses the repeated parameter with invalid_request$`, answerCheck(authorization.RepeatRefused))
	sc.Step(`^the redirect carries no authorization code$`, redirectCarriesNoCode)
	sc.Step(`^the redirect carries the issuer in iss$`, redirectCarriesIssuer)
	sc.Step(`^the server accepts the request and asks the user to log in$`, acceptsAndAsksLogin)
	sc.Step(`^the server refuses the request$`, refusesRequest)
	sc.Step(`^the login page forbids framing by other sites$`, loginPageForbidsFraming)
	sc.Step(`^the login page and the form on it use TLS$`, loginPageOverTLS)
}

// scopeMalformations break the scope syntax of RFC 6749 §3.3: scope-token
// = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by single spaces.
const scopeMalformations = `the granted scope twice with a double space|the granted scope in double quotes|the granted scope with a backslash|the granted scope with a trailing space`

// requestAuthz returns the scenario's authorization request.
func requestAuthz(w *World) (*oauth.AuthorizationRequest, error) {
	if w.authz == nil {
		return nil, outcome.Harness("no authorization request was started in this scenario")
	}
	return w.authz, nil
}

// changeParam changes one parameter of the request in a named way.
func changeParam(ctx context.Context, name, change string) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	registered, err := url.Parse(w.client.RedirectURI)
	if err != nil {
		return outcome.Harness("clients[].redirect_uri %q is not a URL: %v", w.client.RedirectURI, err)
	}
	switch change {
	case "missing":
		r.Del(name)
	case "repeated":
		if !slices.ContainsFunc(r.Params, func(p oauth.Param) bool { return p.Key == name }) {
			return outcome.Harness("the request has no %s parameter to repeat", name)
		}
		r.Add(name, r.Get(name))
	case "an unknown client":
		r.Set(name, "toets-unknown-"+strings.ToLower(oauth.Random(6))+".invalid")
	case "the granted scope twice with a double space":
		r.Set(name, w.env.Target.File.Scopes.Granted+"  "+w.env.Target.File.Scopes.Granted)
	case "the granted scope in double quotes":
		r.Set(name, `"`+w.env.Target.File.Scopes.Granted+`"`)
	case "the granted scope with a backslash":
		r.Set(name, w.env.Target.File.Scopes.Granted+`\x`)
	case "the granted scope with a trailing space":
		r.Set(name, w.env.Target.File.Scopes.Granted+" ")
	case "an unknown scope":
		unknown := w.env.Target.File.Scopes.Unknown
		if unknown == "" {
			return outcome.Missing("scopes.unknown", "this rule needs a well-formed scope the target does not know")
		}
		r.Set(name, unknown)
	default:
		// The redirect URI changes of RFC 6749 §3.1.2.3 and §10.15: every
		// one of them makes a URI the client did not register.
		u := *registered
		switch change {
		case "on another host":
			u.Host = "toets-elsewhere.invalid"
		case "on another path":
			u.Path = strings.TrimSuffix(u.Path, "/") + "/elsewhere"
		case "with an extra query":
			q := u.Query()
			q.Set("toets", "1")
			u.RawQuery = q.Encode()
		case "with a fragment":
			u.Fragment = "toets"
		case "over http instead of https":
			if u.Scheme != "https" {
				return outcome.NotApplicable("the registered redirect URI %s is not https; this rule needs one that is", w.client.RedirectURI)
			}
			u.Scheme = "http"
		}
		r.Set(name, u.String())
	}
	return nil
}

func setParam(ctx context.Context, name, value string) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	r.Set(name, value)
	return nil
}

// addUnknownParam adds a parameter the server cannot know about, with a
// UUID-shaped value as MedMij's tracing parameters carry (core.authint.208).
func addUnknownParam(ctx context.Context, name string) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	r.Add(name, oauth.UUID())
	return nil
}

func addCodeChallenge(ctx context.Context, method string) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	w.verifier = oauth.Random(32) // 43 characters, RFC 7636 §4.1
	w.secret("verifier", w.verifier)
	challenge := w.verifier // plain: the challenge is the verifier (§4.2)
	if method == "S256" {
		challenge = oauth.S256(w.verifier)
	}
	r.Set("code_challenge", challenge)
	r.Set("code_challenge_method", method)
	return nil
}

// addCodeChallengeWithoutMethod sends a challenge alone, which RFC 7636
// §4.3 reads as plain.
func addCodeChallengeWithoutMethod(ctx context.Context) error {
	if err := addCodeChallenge(ctx, "plain"); err != nil {
		return err
	}
	WorldFrom(ctx).authz.Del("code_challenge_method")
	return nil
}

// addMalformedChallenge sends an S256 challenge that cannot be one: RFC
// 7636 §4.2 makes it BASE64URL(SHA256(verifier)), 43 characters of
// [A-Za-z0-9-_].
func addMalformedChallenge(ctx context.Context, how string) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	challenge := oauth.S256(oauth.Random(32))
	switch how {
	case "too short":
		challenge = challenge[:20]
	case "too long":
		challenge += challenge
	case "not base64url":
		challenge = strings.Repeat("+/=", 14) + "+"
	}
	r.Set("code_challenge", challenge)
	r.Set("code_challenge_method", "S256")
	return nil
}

func noCodeChallenge(ctx context.Context) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	r.Del("code_challenge")
	r.Del("code_challenge_method")
	w.verifier = ""
	return nil
}

// metadataLacksMethod makes the rule not applicable where the metadata
// offers the method: the rule is that the server does what it announces.
func metadataLacksMethod(ctx context.Context, method string) error {
	md := WorldFrom(ctx).env.Target.Metadata
	if md == nil {
		return outcome.NotApplicable("the server publishes no metadata, so it announces no code challenge methods (RFC 8414 §2, RFC 9700 §2.1.1); RFC 7636 §4.2 lets a server accept plain")
	}
	if slices.Contains(stringList(md["code_challenge_methods_supported"]), method) {
		return outcome.NotApplicable("the metadata lists code_challenge_method %s (code_challenge_methods_supported), so the server may accept it", method)
	}
	return nil
}

// metadataAnnouncesIss: RFC 9207 §2 binds only servers that announce iss.
func metadataAnnouncesIss(ctx context.Context) error {
	if on, _ := WorldFrom(ctx).env.Target.Metadata["authorization_response_iss_parameter_supported"].(bool); !on {
		return outcome.NotApplicable("the metadata does not set authorization_response_iss_parameter_supported (RFC 9207 §3)")
	}
	return nil
}

func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// maxOwnRedirects bounds how far the harness follows the authorization
// server's redirects to its own pages (a login page, an error page).
const maxOwnRedirects = 5

// sendAuthorization sends the request as a browser would, following only
// redirects that stay on the authorization endpoint's host. A redirect to
// any other host (the client, an identity provider) ends it: w.callback
// holds it when it goes to the client's redirect URI.
func sendAuthorization(ctx context.Context) error {
	w := WorldFrom(ctx)
	r, err := requestAuthz(w)
	if err != nil {
		return err
	}
	w.callback = nil
	own, err := url.Parse(r.Endpoint)
	if err != nil {
		return outcome.Harness("the authorization endpoint %q is not a URL: %v", r.Endpoint, err)
	}
	hops, err := followOwnRedirects(ctx, w.http, r.URL(), own.Host)
	w.last, w.frontURL = hops.last, hops.lastURL
	if err != nil || hops.away == nil || !toClient(w, hops.away) {
		return err
	}
	c := oauth.ParseCallback(hops.away)
	w.callback = &c
	if code := c.Get("code"); code != "" {
		w.secret("code", code)
		w.code = code
	}
	return nil
}

// ownHops is where following the authorization server's own redirects
// ended: its last response, the URL that gave it, and the redirect off its
// host (or past maxOwnRedirects) that ended it, if one did.
type ownHops struct {
	last    *record.Response
	lastURL string
	away    *url.URL
}

// followOwnRedirects GETs start and follows the redirects that stay on
// host, with a cookie jar of its own across the hops, as a browser keeps
// cookies: RFC 6749 §3.1 leaves how the server authenticates the person to
// the server ("session cookies" among others), so a server may bind its
// login page to the browser with a cookie set on the redirect to it.
func followOwnRedirects(ctx context.Context, c *record.Client, start, host string) (ownHops, error) {
	var h ownHops
	jar, err := cookiejar.New(nil)
	if err != nil {
		return h, outcome.Harness("making a cookie jar: %v", err)
	}
	current := start
	for hop := 0; ; hop++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, current, nil)
		if err != nil {
			return h, outcome.Harness("building the authorization request: %v", err)
		}
		req.Header.Set("Accept", "text/html")
		for _, ck := range jar.Cookies(req.URL) {
			req.AddCookie(ck)
		}
		resp, err := c.Do(ctx, req)
		h.last, h.lastURL = resp, current
		if err != nil {
			return h, fmt.Errorf("the authorization endpoint gave no usable response: %w", err)
		}
		jar.SetCookies(req.URL, (&http.Response{Header: resp.Header}).Cookies())
		loc := resp.Header.Get("Location")
		if resp.Status < 300 || resp.Status > 399 || loc == "" {
			return h, nil
		}
		next, err := req.URL.Parse(loc)
		if err != nil {
			return h, fmt.Errorf("the authorization endpoint redirected to %q, which is not a URL (RFC 9110 §10.2.2): %w", loc, err)
		}
		if !strings.EqualFold(next.Host, host) || hop == maxOwnRedirects {
			h.away = next
			return h, nil
		}
		current = next.String()
	}
}

// toClient reports whether u is at the client: its registered redirect
// URI, or the redirect_uri the request named.
func toClient(w *World, u *url.URL) bool {
	base := redirectBase(u)
	return base == w.client.RedirectURI || (w.authz != nil && base == w.authz.Get("redirect_uri"))
}

// clientHosts are the hosts a person must not be sent to, nor offered a
// link to, when the server cannot trust the request: the registered
// redirect URI's and the requested one's.
func clientHosts(w *World) []string {
	var hosts []string
	for _, raw := range []string{w.client.RedirectURI, w.authz.Get("redirect_uri")} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" && !slices.Contains(hosts, u.Hostname()) {
			hosts = append(hosts, u.Hostname())
		}
	}
	return hosts
}

// lastRedirect is where the last response sent the browser, or "".
func lastRedirect(w *World) string {
	if w.last == nil || w.last.Status < 300 || w.last.Status > 399 {
		return ""
	}
	return w.last.Header.Get("Location")
}

func noRedirectToClient(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	loc := lastRedirect(w)
	leaves := false
	if u, err := url.Parse(loc); loc != "" && err == nil {
		leaves = slices.Contains(clientHosts(w), u.Hostname())
	}
	expect(ctx, !leaves,
		"where the person is sent when the client or redirect URI cannot be trusted (RFC 6749 §4.1.2.1, §10.15 open redirector; MedMij A1/A2)",
		"no redirect to "+strings.Join(clientHosts(w), " or "), fmt.Sprintf("HTTP %d, Location %s", w.last.Status, orNothing(loc)), implementation)
	return nil
}

func errorPageWithoutBackLink(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	login := w.last.Status == http.StatusOK && frontchannel.AsksForPassword(w.last.Body)
	says := frontchannel.VisibleText(w.last.Body) != ""
	expect(ctx, lastRedirect(w) == "" && !login && says,
		"the answer to a request the server must refuse (RFC 6749 §4.1.2.1: \"SHOULD inform the resource owner of the error\"; MedMij technische-storing-core)",
		"an error page that tells the person, before any login", fmt.Sprintf("HTTP %d, %s", w.last.Status, pageKind(w)), implementation)
	var links []string
	for _, h := range clientHosts(w) {
		links = append(links, frontchannel.LinksToHost(w.last.Body, h)...)
	}
	expect(ctx, len(links) == 0,
		"links on the error page (MedMij technische-storing-core: the way back to the PGO only with a valid client_id and redirect URI; RFC 6749 §10.15)",
		"no link to "+strings.Join(clientHosts(w), " or "), strings.Join(links, ", "), implementation)
	return nil
}

func pageKind(w *World) string {
	switch {
	case lastRedirect(w) != "":
		return "a redirect to " + lastRedirect(w)
	case frontchannel.AsksForPassword(w.last.Body):
		return "a login page (the request was accepted)"
	case frontchannel.VisibleText(w.last.Body) == "":
		return "a page without any text for the person"
	}
	return "a page"
}

func orNothing(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// sentBackWithError checks an error response at the client (RFC 6749
// §4.1.2.1), sent before any page was shown.
func sentBackWithError(ctx context.Context, want, alternative string) error {
	w := WorldFrom(ctx)
	expected := want
	if alternative != "" {
		expected += " or " + alternative
	}
	got := redirectSummary(w.callback)
	if w.callback == nil && w.last != nil && w.session == nil {
		got = fmt.Sprintf("no redirect to the client: HTTP %d, %s", w.last.Status, pageKind(w))
	}
	ok := w.callback != nil && (w.callback.Get("error") == want || (alternative != "" && w.callback.Get("error") == alternative))
	expect(ctx, ok, "the error response at the client's redirect URI (RFC 6749 §4.1.2.1)", "error="+expected, got, implementation)
	return nil
}

func redirectCarriesNoCode(ctx context.Context) {
	w := WorldFrom(ctx)
	expect(ctx, w.callback != nil && !w.callback.Has("code"),
		"an error response carries no code (RFC 6749 §4.1.2.1)", "a redirect without code", callbackParams(w.callback), implementation)
}

func callbackParams(c *oauth.Callback) string {
	if c == nil {
		return "no redirect to the client"
	}
	names := make([]string, 0, len(c.Values))
	for k := range c.Values {
		names = append(names, k)
	}
	slices.Sort(names)
	return "a redirect with " + strings.Join(names, ", ")
}

// redirectCarriesIssuer: RFC 9207 §2 "MUST" carry iss in every
// authorization response, equal to the issuer of the metadata (§2.4).
func redirectCarriesIssuer(ctx context.Context) error {
	w := WorldFrom(ctx)
	issuer, _ := w.env.Target.Metadata["issuer"].(string)
	if issuer == "" {
		issuer = w.env.Target.File.Issuer
	}
	report(ctx, authorization.Iss(issuer, callbackValues(w.callback)))
	return nil
}

// sentBackWithAnyError is the precondition of the rules about what every
// error response carries (iss, state): which error code, and whether the
// server had to redirect at all, are other rules' business, so a server
// that does not send the client back with an error here leaves these rules
// without evidence.
func sentBackWithAnyError(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.callback != nil && w.callback.Get("error") != "" {
		return nil
	}
	got := redirectSummary(w.callback)
	if w.callback == nil && w.last != nil {
		got = fmt.Sprintf("no redirect to the client: HTTP %d, %s", w.last.Status, pageKind(w))
	}
	return outcome.NotApplicable("this rule judges an error response at the client, and the server answered with %s (its error code and whether it redirects are judged by other rules)", got)
}

// acceptsAndAsksLogin: a request the server accepts leads to a page (a
// login or landing page) or to an identity provider, never back to the
// client with an error, and never to an error status.
func acceptsAndAsksLogin(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	ok := w.callback == nil && (w.last.Status == http.StatusOK || lastRedirect(w) != "")
	got := fmt.Sprintf("HTTP %d", w.last.Status)
	if w.callback != nil {
		got = "sent back to the client with " + redirectSummary(w.callback)
		if d := w.callback.Get("error_description"); d != "" {
			got += " (" + d + ")"
		}
	}
	expect(ctx, ok, "the answer to a valid authorization request (RFC 6749 §4.1.1, §3.1)",
		"a login or landing page (HTTP 200) or a redirect to an identity provider", got, implementation)
	return nil
}

// refusesRequest: either an error back at the client, or an error page
// with an error status. An error page sent with 200 counts as accepted: the
// harness cannot tell it from a landing page.
func refusesRequest(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	refused := (w.callback != nil && w.callback.Get("error") != "") || w.last.Status >= 400
	got := fmt.Sprintf("HTTP %d, %s", w.last.Status, pageKind(w))
	if w.callback != nil {
		got = redirectSummary(w.callback)
	}
	expect(ctx, refused, "the answer to a code challenge the server must not accept (RFC 7636 §4.2, §4.4.1; RFC 8414 §2 code_challenge_methods_supported; RFC 9700 §2.1.1)",
		"an error at the client's redirect URI, or an error page with an HTTP 4xx status", got, implementation)
	return nil
}

// scopeReadOrRefused: RFC 6749 §3.3 lets a server ignore what it does not
// take of a scope; if it refuses, the code is invalid_scope (§4.1.2.1).
func scopeReadOrRefused(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	report(ctx, authorization.ReadOrRefused(authzAnswer(w)))
	return nil
}

// authzAnswer is what the authorization endpoint did with the request.
func authzAnswer(w *World) authorization.Answer {
	return authorization.Answer{
		Callback:  callbackValues(w.callback),
		Status:    w.last.Status,
		Elsewhere: w.callback == nil && lastRedirect(w) != "",
	}
}

// answerCheck makes a step that judges the answer with one check.
func answerCheck(judge func(authorization.Answer) []check.Finding) func(context.Context) error {
	return func(ctx context.Context) error {
		w := WorldFrom(ctx)
		if w.last == nil {
			return outcome.Harness("no authorization request was sent in this scenario")
		}
		report(ctx, judge(authzAnswer(w)))
		return nil
	}
}

// pageTellsOfError: RFC 6749 §4.1.2.1 asks only that the person is told;
// links and timing are MedMij's (errorPageWithoutBackLink).
func pageTellsOfError(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	report(ctx, authorization.Informs(authorization.Page{
		Status: w.last.Status, Location: lastRedirect(w), Text: frontchannel.VisibleText(w.last.Body),
	}))
	return nil
}
