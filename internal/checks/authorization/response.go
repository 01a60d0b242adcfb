package authorization

import (
	"net/url"

	"github.com/toets/toets/internal/check"
)

var (
	rfc9207_2      = check.Source{Doc: "RFC 9207", Section: "2", Quote: "In authorization responses to the client, including error responses, an authorization server supporting this specification MUST indicate its identity by including the iss parameter in the response."}
	rfc6749_4_1_2  = check.Source{Doc: "RFC 6749", Section: "4.1.2", Quote: "state REQUIRED if the \"state\" parameter was present in the client authorization request. The exact value received from the client."}
	rfc6749_4_1_21 = check.Source{Doc: "RFC 6749", Section: "4.1.2.1", Quote: "state REQUIRED if a \"state\" parameter was present in the client authorization request. The exact value received from the client."}
)

// IssParameter is the check of iss in an authorization response, success or
// error: RFC 9207 asks for it whatever the error code (the code has rules of
// its own).
var IssParameter = check.Unit{ID: "authorization.iss-parameter", Source: rfc9207_2,
	What: "the iss parameter of the authorization response"}

// StateWithCode and StateOnError are the checks of the state a redirect to
// the client carries: the one with the code (§4.1.2) and the error response
// (§4.1.2.1), whatever its error code.
var (
	StateWithCode = check.Unit{ID: "authorization.state-with-code", Source: rfc6749_4_1_2,
		What: "the state in the authorization response, byte for byte"}
	StateOnError = check.Unit{ID: "authorization.state-on-error", Source: rfc6749_4_1_21,
		What: "the state in the error response, byte for byte"}
)

// Iss judges the parameters of a redirect to the client (nil: there was
// none) against the issuer of the server's metadata (RFC 9207 §2.4: equal
// to it).
func Iss(issuer string, received url.Values) []check.Finding {
	got := "(no iss parameter)"
	switch {
	case received == nil:
		got = "no redirect to the client"
	case received.Has("iss"):
		got = received.Get("iss")
		if got == issuer && len(received["iss"]) == 1 {
			return nil
		}
		if len(received["iss"]) > 1 {
			got = "iss " + itemize(received["iss"])
		}
	}
	return []check.Finding{IssParameter.Fail("iss="+issuer+" (the metadata's issuer), once", got, check.Implementation)}
}

// State judges the state of a redirect to the client (nil: there was none)
// against the one the request sent. An error response is judged as one
// whatever its error code; the state must come back exactly, once.
func State(sent string, received url.Values) []check.Finding {
	u := StateWithCode
	if received.Has("error") {
		u = StateOnError
	}
	got := "(no state parameter)"
	switch {
	case received == nil:
		got = "no redirect to the client"
	case len(received["state"]) > 1:
		got = "state " + itemize(received["state"])
	case received.Has("state"):
		if received.Get("state") == sent {
			return nil
		}
		got = "state=" + received.Get("state")
	}
	return []check.Finding{u.Fail("state="+sent+" (the exact value the request sent)", got, check.Implementation)}
}

func itemize(vs []string) string {
	out := ""
	for i, v := range vs {
		if i > 0 {
			out += ", "
		}
		out += "\"" + v + "\""
	}
	return out + " (repeated)"
}
