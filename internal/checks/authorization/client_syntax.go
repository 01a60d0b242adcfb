package authorization

import (
	"fmt"

	"github.com/toets/toets/internal/check"
)

// The rules of this file rest on sentences that bind the client: the
// syntax of a code challenge, and parameters sent once. A server that
// takes such a request breaks no sentence of its own, so the rules are
// SHOULDs and their findings say whose sentence it is.
var (
	rfc7636_4_2 = check.Source{Doc: "RFC 7636", Section: "4.1 and 4.2",
		Quote: "code-challenge = 43*128unreserved … code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))"}
	rfc6749_3_1_once = check.Source{Doc: "RFC 6749", Section: "3.1 and 4.1.2.1",
		Quote: "Request and response parameters MUST NOT be included more than once. … invalid_request The request … includes a parameter more than once"}
)

// ChallengeSyntax is the check of the answer to an S256 challenge that
// cannot be one.
var ChallengeSyntax = check.Unit{ID: "authorization.challenge-syntax", Source: rfc7636_4_2,
	What: "the answer to an S256 code challenge that breaks the syntax RFC 7636 sets for the client (the sentence binds the client; no sentence asks the server to refuse, so this is a warning)"}

// ParamsOnce is the check of the answer to a repeated parameter.
var ParamsOnce = check.Unit{ID: "authorization.params-once", Source: rfc6749_3_1_once,
	What: "the answer to a request that repeats a parameter (RFC 6749 §3.1's MUST NOT binds the client that sends it; §4.1.2.1 names invalid_request for it, but no sentence makes the server refuse, so this is a warning)"}

// ChallengeRefused judges the answer to a malformed challenge: an error at
// the client, or an error status on the server's own host.
func ChallengeRefused(a Answer) []check.Finding {
	if a.Callback.Get("error") != "" || (a.Callback == nil && a.Status >= 400) {
		return nil
	}
	return []check.Finding{ChallengeSyntax.Fail("an error at the client's redirect URI, or an error page with an HTTP 4xx status", describe(a), check.Implementation)}
}

// RepeatRefused judges the answer to a repeated parameter: invalid_request
// at the client.
func RepeatRefused(a Answer) []check.Finding {
	if a.Callback.Get("error") == "invalid_request" {
		return nil
	}
	return []check.Finding{ParamsOnce.Fail("error=invalid_request at the client", describe(a), check.Implementation)}
}

func describe(a Answer) string {
	switch {
	case a.Callback.Get("error") != "":
		return "error=" + a.Callback.Get("error") + " at the client"
	case a.Callback.Get("code") != "":
		return "a code at the client: the request was accepted"
	case a.Callback != nil:
		return "a redirect to the client without code or error"
	case a.Elsewhere:
		return fmt.Sprintf("HTTP %d, a redirect to an identity provider: the request was accepted", a.Status)
	case a.Status == 200:
		return "HTTP 200, a page (a login page: the request was accepted)"
	}
	return fmt.Sprintf("HTTP %d on the authorization server", a.Status)
}
