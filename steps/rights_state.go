package steps

import (
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/rights"
)

// rightsState is the part of a scenario's World that only the rights
// (seed 000) and audience (RFC 8707) steps use.
type rightsState struct {
	// cast is who plays which part; pairClient and pairUser the client and
	// person of this scenario.
	cast                 *rights.Cast
	pairClient, pairUser rights.Holder
	// rightAnswers are the resource responses per right name.
	rightAnswers map[string]*record.Response
}
