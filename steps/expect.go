package steps

import (
	"context"
	"fmt"

	"github.com/stretchr/testify/assert"
)

// Hints say who is most likely at fault, for the vendor reading the report.
const (
	implementation = "likely cause: the implementation under test"
	configuration  = "likely cause: the target file (configuration), or the implementation"
)

// expect fails the step with a message that states what was checked, what
// was expected, what was received and who is likely at fault. The runner
// adds the rule and its source.
func expect(ctx context.Context, ok bool, what, expected, received, hint string) bool {
	return assert.Truef(T(ctx), ok, "%s\nexpected: %s\nreceived: %s\n%s", what, expected, received, hint)
}

// expectEqual is expect for a plain comparison.
func expectEqual[T comparable](ctx context.Context, want, got T, what, hint string) bool {
	return expect(ctx, want == got, what, fmt.Sprint(want), fmt.Sprint(got), hint)
}
