// Package token holds the checks of the token endpoint (RFC 6749 §3.2,
// §5.1, §5.2 and the profiles' additions), judged from the recorded
// response alone.
package token

import (
	"strings"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/wwwauth"
)

var rfc6749_5_2_basic = check.Source{Doc: "RFC 6749", Section: "5.2", Quote: "If the client attempted to authenticate via the \"Authorization\" request header field, the authorization server MUST respond with an HTTP 401 (Unauthorized) status code and include the WWW-Authenticate response header field matching the authentication scheme used by the client."}

// BasicChallenged is the check of an invalid_client answer to a client that
// authenticated with HTTP Basic.
var BasicChallenged = check.Unit{ID: "token.basic-challenge", Source: rfc6749_5_2_basic, What: "the WWW-Authenticate header of an invalid_client answer after Basic authentication"}

// BasicChallenge judges the WWW-Authenticate field lines of such an answer:
// they must parse (RFC 9110 §11.6.1) and hold a Basic challenge.
func BasicChallenge(lines []string) []check.Finding {
	got := strings.Join(lines, ", ")
	if got == "" {
		got = "(none)"
	}
	cs, err := wwwauth.Parse(lines)
	if err != nil {
		return []check.Finding{BasicChallenged.Fail("a Basic challenge", got+" (not RFC 9110 §11.6.1 syntax: "+err.Error()+")", check.Implementation)}
	}
	if _, ok := wwwauth.Find(cs, "Basic"); !ok {
		return []check.Finding{BasicChallenged.Fail("a Basic challenge", got, check.Implementation)}
	}
	return nil
}
