package browser

import "github.com/toets/toets/internal/agent"

// The script and evidence vocabulary lives in internal/agent, which the
// HTTP agent shares; these names keep the browser's callers reading
// naturally.
type (
	Selector = agent.Selector
	Action   = agent.Action
	Shot     = agent.Shot
	Blocked  = agent.Blocked
	Redirect = agent.Redirect
)
