package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Checks collects the failed assertions of the running step. It is what
// testify's assert and require get (through T), instead of godog.T: godog's
// own TestingT also prints every failure to standard output, which would
// spill testify's traces into the CLI's output.
type Checks struct {
	mu     sync.Mutex
	failed []string
}

// checksStop is the panic of FailNow; godog recovers it and fails the step
// with its text.
type checksStop struct{ msg string }

func (s checksStop) Error() string { return s.msg }

// T returns the running step's Checks, for testify.
func T(ctx context.Context) *Checks {
	if w := WorldFrom(ctx); w != nil {
		return &w.checks
	}
	return &Checks{}
}

// Errorf records a failed assertion.
func (c *Checks) Errorf(format string, args ...any) {
	c.mu.Lock()
	c.failed = append(c.failed, fmt.Sprintf(format, args...))
	c.mu.Unlock()
}

// FailNow ends the step at once (require's assertions call it).
func (c *Checks) FailNow() {
	c.mu.Lock()
	msg := strings.Join(c.failed, "\n")
	c.failed = nil
	c.mu.Unlock()
	panic(checksStop{msg: msg})
}

// Helper is part of testify's interface; there is no stack to trim here.
func (c *Checks) Helper() {}

// StepFailures returns the failed assertions of the step that just ended
// (and forgets them), as one error, or nil.
func StepFailures(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w == nil {
		return nil
	}
	w.checks.mu.Lock()
	defer w.checks.mu.Unlock()
	if len(w.checks.failed) == 0 {
		return nil
	}
	err := errors.New(strings.Join(w.checks.failed, "\n"))
	w.checks.failed = nil
	return err
}
