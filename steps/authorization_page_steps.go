package steps

import (
	"context"

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
