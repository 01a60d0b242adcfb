package steps

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/outcome"
)

// codeLifetimeBound is how far the clock moves to expire a code: past the
// ten minutes RFC 6749 §4.1.2 recommends as the longest code lifetime.
const codeLifetimeBound = 10*time.Minute + time.Second

// advanceClock asks a test server to move its clock (target file
// test_control). It moves the clock of the whole server, so every
// scenario running at the same time sees it.
func advanceClock(ctx context.Context, d time.Duration) error {
	w := WorldFrom(ctx)
	tc := w.env.Target.File.TestControl
	if w.env.Target.TestControlToken == "" {
		return outcome.Harness("test_control.clock_url is set but test_control.token is not")
	}
	req, err := http.NewRequest(http.MethodPost, tc.ClockURL, strings.NewReader(url.Values{"advance": {d.String()}}.Encode()))
	if err != nil {
		return outcome.Harness("test_control.clock_url: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+w.env.Target.TestControlToken)
	resp, err := w.http.Do(ctx, req)
	if err != nil {
		return outcome.Harness("moving the target's clock: %v", err)
	}
	if resp.Status/100 != 2 {
		return outcome.Harness("moving the target's clock: HTTP %d %s", resp.Status, bodySnippet(resp.Body))
	}
	w.clockMoved += d
	w.Note("moved the target's clock by %s (test_control)", d)
	return nil
}

// restoreClock moves the target's clock back after a scenario that moved
// it, so that the scenarios after it (and the target's other clients, such
// as private_key_jwt assertions stamped with the real time) see real time.
func restoreClock(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
	w := WorldFrom(ctx)
	if w == nil || w.clockMoved == 0 {
		return ctx, err
	}
	// The scenario's verdict is already decided and its context may be
	// cancelled; the move back must happen all the same.
	if restoreErr := advanceClock(context.WithoutCancel(ctx), -w.clockMoved); restoreErr != nil {
		w.Note("moving the target's clock back failed: %v", restoreErr)
	}
	return ctx, err
}
