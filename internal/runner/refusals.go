package runner

import (
	"errors"
	"fmt"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/record"
)

// refusal turns the requests the HTTP client would not send into the error
// a scenario's verdict and message start with, or nil. It matters only for
// a scenario that did not pass: a step that dropped the refusal fails later
// on a response that never came ("Expected value not to be nil"), and the
// reader must see the cause, not that echo.
//
//   - A request without a URL (record.ErrNoURL) is an endpoint neither the
//     metadata nor the target file gives: an error verdict, naming the key
//     of the target file that would give it.
//   - A request refused as plain http (record.ErrPlainHTTP) went to an
//     endpoint the server's own metadata (or redirect) named under an
//     https issuer: the server's fault, so the verdict stays a failure.
func (c *collector) refusal(refused, errs []error) error {
	if !judgedAgainst(errs) {
		return nil
	}
	for _, r := range refused {
		if errors.Is(r, record.ErrNoURL) {
			var unknown []error
			for _, key := range []string{"authorization", "token"} {
				if err := c.cfg.Target.EndpointUnknown(key); err != nil {
					unknown = append(unknown, err)
				}
			}
			if len(unknown) == 0 {
				return outcome.WrapHarness(r)
			}
			return outcome.WrapHarness(errors.Join(unknown...))
		}
	}
	for _, r := range refused {
		if errors.Is(r, record.ErrPlainHTTP) {
			return fmt.Errorf("toets did not send a request: %w", r)
		}
	}
	return nil
}

// judgedAgainst tells whether errs hold a failure or an error, as opposed
// to nothing, skips and not-applicable outcomes.
func judgedAgainst(errs []error) bool {
	for _, e := range errs {
		if !errors.Is(e, godog.ErrSkip) && !errors.Is(e, outcome.ErrNotApplicable) {
			return true
		}
	}
	return false
}
