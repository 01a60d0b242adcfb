package preflight

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/toets/toets/internal/oauth"
)

// TokenVerdict is what a token endpoint's answer to a bogus code says about
// the client's credentials.
type TokenVerdict int

// The three readings of that answer.
const (
	CredentialsUnclear TokenVerdict = iota
	CredentialsAccepted
	CredentialsRefused
	CredentialsNotAllowed
)

// ClassifyTokenAnswer reads the answer to an authorization code request
// with a code that cannot exist. RFC 6749 §5.2: invalid_client (HTTP 401
// when the client used the Authorization header, else 400) is a failed
// client authentication; any other error code comes from a server that got
// past the client authentication (invalid_grant is the right one, but
// judging that is the token rules' job, not the preflight's).
// unauthorized_client says the client is known but may not use the code
// grant: a registration problem. A bare 401 without a JSON body is read as
// refused too: a proxy in front of the server may answer it. Anything else
// (5xx, no JSON) is unclear. detail says what was received.
func ClassifyTokenAnswer(status int, body []byte) (TokenVerdict, string) {
	tr, err := oauth.ParseTokenResponse(body)
	code := ""
	if err == nil {
		code = tr.Error
	}
	detail := fmt.Sprintf("HTTP %d", status)
	if code != "" {
		detail += ", error " + code
	}
	switch {
	case code == "invalid_client" || status == http.StatusUnauthorized:
		return CredentialsRefused, detail
	case code == "unauthorized_client":
		return CredentialsNotAllowed, detail
	case code != "" && status < 500:
		return CredentialsAccepted, detail
	case err != nil:
		return CredentialsUnclear, detail + ", a body that is not a JSON object"
	}
	return CredentialsUnclear, detail
}

// AuthorizationAnswer is what an authorization endpoint's answer says about
// a client's redirect URI.
type AuthorizationAnswer struct {
	Accepted bool
	// ScopeError is set when the server accepted the redirect URI but sent
	// an invalid_scope error back to it.
	ScopeError string
	Detail     string
}

// clientErrors are the error codes that, sent to the redirect URI, say the
// server knows the redirect URI but refuses this client for this request.
var clientErrors = map[string]bool{"unauthorized_client": true, "invalid_client": true, "unsupported_response_type": true}

// ClassifyAuthorizationAnswer reads the answer to an authorization request
// (response_type=code, the client, its redirect URI, the granted scope, a
// state) that was not followed. It is a heuristic, because RFC 6749 does not
// say what a server shows before the login:
//
//   - RFC 6749 §4.1.2.1 forbids redirecting to a redirect URI the server
//     does not accept for the client: it must show an error to the person
//     instead. So a 4xx page means the client id or redirect URI is not
//     registered.
//   - A redirect to the redirect URI itself means the server accepted it;
//     if it carries an error about the client (unauthorized_client, ...)
//     the client is still not usable, and invalid_scope points at the
//     scope rather than the redirect URI.
//   - A 200 page is the login page (or a consent page): accepted.
//   - A redirect elsewhere is the server moving on to its login page (often
//     on a login host) and is read as accepted, unless it carries an error
//     parameter, which is an error page: not accepted.
//   - 5xx and anything else are not accepted, with the status as detail.
//
// A server that shows its login page before looking at the redirect URI
// passes this check wrongly; the suite's redirect URI rules catch that.
func ClassifyAuthorizationAnswer(status int, location, redirectURI string) AuthorizationAnswer {
	switch {
	case status == http.StatusOK:
		return AuthorizationAnswer{Accepted: true, Detail: "HTTP 200, a login page"}
	case status >= 300 && status < 400:
		loc, err := url.Parse(location)
		if location == "" || err != nil {
			return AuthorizationAnswer{Detail: fmt.Sprintf("HTTP %d without a usable Location", status)}
		}
		q := loc.Query()
		base := *loc
		base.RawQuery, base.Fragment = "", ""
		if base.String() == redirectURI || strings.HasPrefix(location, redirectURI+"?") {
			e := q.Get("error")
			switch {
			case clientErrors[e]:
				return AuthorizationAnswer{Detail: fmt.Sprintf("HTTP %d to the redirect URI with error=%s", status, e)}
			case e == "invalid_scope":
				return AuthorizationAnswer{Accepted: true, ScopeError: e, Detail: fmt.Sprintf("HTTP %d to the redirect URI with error=invalid_scope", status)}
			case e != "":
				return AuthorizationAnswer{Accepted: true, Detail: fmt.Sprintf("HTTP %d to the redirect URI with error=%s", status, e)}
			}
			return AuthorizationAnswer{Accepted: true, Detail: fmt.Sprintf("HTTP %d to the redirect URI", status)}
		}
		if q.Get("error") != "" {
			return AuthorizationAnswer{Detail: fmt.Sprintf("HTTP %d to an error page %s", status, base.String())}
		}
		return AuthorizationAnswer{Accepted: true, Detail: fmt.Sprintf("HTTP %d to %s, read as the login page", status, base.String())}
	case status >= 400 && status < 500:
		return AuthorizationAnswer{Detail: fmt.Sprintf("HTTP %d, an error page instead of the login page", status)}
	}
	return AuthorizationAnswer{Detail: fmt.Sprintf("HTTP %d", status)}
}
