// Package outcome names the two ways a step can end other than passing or
// failing: the rule does not apply to this target, or the harness or its
// configuration could not do its job. The runner turns them into the
// not-applicable and error verdicts; any other step error is a failure of the
// target.
package outcome

import (
	"errors"
	"fmt"
)

var (
	// ErrNotApplicable marks a rule the target does not have to meet: it
	// does not offer the feature (no introspection endpoint in its
	// metadata) or the rule is not of the target's profile.
	ErrNotApplicable = errors.New("not applicable")
	// ErrHarness marks a problem of toets or of the target file, not of the
	// target: no browser, a client missing from the target file, a login
	// script that does not match the page.
	ErrHarness = errors.New("harness or configuration error")
)

// NotApplicable returns an error marking the scenario not applicable, with
// the reason.
func NotApplicable(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrNotApplicable, fmt.Sprintf(format, a...))
}

// Harness returns an error marking a harness or configuration problem.
func Harness(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrHarness, fmt.Sprintf(format, a...))
}

// WrapHarness marks err as a harness or configuration problem.
func WrapHarness(err error) error {
	if err == nil || errors.Is(err, ErrHarness) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrHarness, err)
}

// Missing marks a rule not applicable because the target file leaves out
// something optional the rule needs: the reason names the key that would
// make the rule applicable. It is never an error: an error says toets or the
// file failed, and leaving out an optional key is neither.
func Missing(key, why string) error {
	return NotApplicable("%s; set %s in the target file to judge this rule (docs/target-file.md)", why, key)
}
