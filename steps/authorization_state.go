package steps

import (
	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/oauth"
)

// authorizationState is the part of a scenario's World that only the authorization
// steps use.
type authorizationState struct {
	// frontURL is where the last authorization request sent over HTTP
	// ended, after the authorization server's redirects to itself; w.last
	// is the response found there.
	frontURL string
	// refusal is the answer a person's refusal got, kept to compare with
	// the answer of a person without data.
	refusal *oauth.Callback
	// retiredShots are the screenshots of earlier flows' browser sessions
	// in the scenario, taken before those sessions closed: a closed session
	// is reset and may serve another scenario (internal/browser reuse.go),
	// so nothing is read from it afterwards.
	retiredShots []browser.Shot
}
