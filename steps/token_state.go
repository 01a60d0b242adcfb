package steps

import "time"

// tokenState is the part of a scenario's World that only the token
// steps use.
type tokenState struct {
	// verifier is the PKCE code verifier of the authorization request,
	// when the scenario sent a challenge.
	verifier string
	// previousRefresh is the refresh token a refresh used up, to show it
	// is refused afterwards.
	previousRefresh string
	// requestedScope is the scope the last refresh asked for; empty for
	// the scope originally granted.
	requestedScope string
	// grantedScope is the scope originally granted, as the code exchange
	// named it (or as the authorization request asked, when it named none).
	grantedScope string
	// clockMoved is how far the scenario moved the target's clock; it is
	// moved back when the scenario ends.
	clockMoved time.Duration
}
