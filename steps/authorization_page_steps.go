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
