package steps

import (
	"context"
	"net/url"
	"strings"

	"github.com/toets/toets/internal/frontchannel"
	"github.com/toets/toets/internal/outcome"
)

// loginPageForbidsFraming reads the headers of the page the authorization
// request led to (RFC 6749 §10.13 clickjacking).
func loginPageForbidsFraming(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil || w.last.Status != 200 {
		return outcome.Harness("the authorization request did not lead to a page at the authorization server")
	}
	ok, how := frontchannel.FramingForbidden(w.last.Header)
	expect(ctx, ok, "whether other sites may frame the login page (RFC 6749 §10.13)",
		"X-Frame-Options DENY or SAMEORIGIN, or Content-Security-Policy frame-ancestors without wildcards", how, implementation)
	return nil
}

// loginPageOverTLS: the login page and every form on it that takes the
// password must travel over TLS (RFC 6749 §3.1 for the endpoint, §10.13 and
// §10.3 for what the person types there).
func loginPageOverTLS(ctx context.Context) error {
	w := WorldFrom(ctx)
	page, err := url.Parse(w.frontURL)
	if err != nil || w.frontURL == "" || w.last == nil || w.last.Status != 200 {
		return outcome.Harness("the authorization request did not lead to a page at the authorization server")
	}
	plain := []string{}
	if page.Scheme != "https" {
		plain = append(plain, "the page "+w.frontURL)
	}
	for _, target := range frontchannel.FormTargets(w.last.Body) {
		u, err := page.Parse(target)
		if err != nil || u.Scheme != "https" {
			plain = append(plain, "a form posting to "+target)
		}
	}
	expect(ctx, len(plain) == 0, "the transport of the login page and its form (RFC 6749 §3.1, §10.3)",
		"https for the page and every form action on it", strings.Join(plain, "; "), implementation)
	return nil
}

// logInToConsent runs the login script and expects the consent question;
// a server that asks none (RFC 6749 leaves that to its policy) has no
// consent page to judge.
func logInToConsent(ctx context.Context, userRole string) error {
	s, err := openAndLogIn(ctx, userRole)
	if err != nil {
		return err
	}
	if _, done := s.Reached(); done {
		return outcome.NotApplicable("after the login the person went straight back to the client: the server asks no consent question")
	}
	return nil
}

// pageForbidsFraming reads the headers of the document the person sees
// (RFC 6749 §10.13, RFC 9700 §4.16 clickjacking).
func pageForbidsFraming(ctx context.Context) error {
	w := WorldFrom(ctx)
	s, err := w.browserSession(ctx)
	if err != nil {
		return err
	}
	h := s.DocumentHeader(ctx)
	if h == nil {
		return outcome.Harness("the headers of the page at %s were not seen", s.URL())
	}
	ok, how := frontchannel.FramingForbidden(h)
	expect(ctx, ok, "whether other sites may frame the page at "+hostOf(s.URL())+" (RFC 6749 §10.13, RFC 9700 §4.16)",
		"X-Frame-Options DENY or SAMEORIGIN, or Content-Security-Policy frame-ancestors without wildcards", how, implementation)
	return nil
}
