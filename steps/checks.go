package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/toets/toets/internal/check"
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

// report hands a check's findings to the running step: each one fails the
// step with its message, and the scenario keeps them, so the run model (and
// the fault matrix) knows which check failed without reading any message.
func report(ctx context.Context, fs []check.Finding) bool {
	w := WorldFrom(ctx)
	for _, f := range fs {
		T(ctx).Errorf("%s", f.Message())
	}
	if w != nil && len(fs) > 0 {
		w.mu.Lock()
		w.findings = append(w.findings, fs...)
		w.mu.Unlock()
	}
	return len(fs) == 0
}

// FailedChecks are the IDs of the checks that found something in this
// scenario, in order, each once.
func (w *World) FailedChecks() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ids []string
	for _, f := range w.findings {
		if !slices.Contains(ids, f.Check) {
			ids = append(ids, f.Check)
		}
	}
	return ids
}
