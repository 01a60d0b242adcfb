package steps

import (
	"context"
	"net/http"
	"net/url"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/httpagent"
)

// UserAgent is what the steps need of the person's user agent: the real
// browser (internal/browser) or, for targets whose pages are plain HTML
// forms, the HTTP agent (internal/httpagent), chosen by the target file's
// `agent`. The same scenarios run under both.
type UserAgent interface {
	Navigate(ctx context.Context, url string) error
	Run(ctx context.Context, script []browser.Action, vars map[string]string) error
	Callback(ctx context.Context) (*url.URL, error)
	Reached() (*url.URL, bool)
	URL() string
	Text(ctx context.Context) (string, error)
	Has(ctx context.Context, sel browser.Selector) (bool, error)
	// DocumentHeader is the response header of the current page.
	DocumentHeader(ctx context.Context) http.Header
	Screenshot(ctx context.Context, caption string) error
	Shots() []browser.Shot
	// Blocked are the requests the agent's host guard stopped (a host the
	// target file does not name), and CredentialRedirects the 307/308
	// redirects of POSTs sent after a credential was typed: the evidence
	// of internal/checks/authorization.
	Blocked() []browser.Blocked
	CredentialRedirects() []browser.Redirect
	Close() error
}

var (
	_ UserAgent = (*browser.Session)(nil)
	_ UserAgent = (*httpagent.Session)(nil)
)
