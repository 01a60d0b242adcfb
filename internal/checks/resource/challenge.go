// Package resource holds the checks of the protected resource (RFC 6750):
// how it refuses a request without a usable access token, judged from the
// recorded response and its WWW-Authenticate field lines alone.
//
// RFC 6750 makes only the challenge a MUST (§3); the status codes and
// error codes of §3.1 are SHOULDs. So each refusal has two checks: Refusal
// (a 4xx with a Bearer challenge, the MUST) and one for the SHOULD.
package resource

import (
	"fmt"
	"strings"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/wwwauth"
)

// The sentences these checks prove.
var (
	rfc6750_3          = check.Source{Doc: "RFC 6750", Section: "3", Quote: `If the protected resource request does not include authentication credentials or does not contain an access token that enables access to the protected resource, the resource server MUST include the HTTP "WWW-Authenticate" response header field`}
	rfc6750_3_1_noinfo = check.Source{Doc: "RFC 6750", Section: "3.1", Quote: "If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information."}
	rfc6750_3_1_token  = check.Source{Doc: "RFC 6750", Section: "3.1", Quote: "invalid_token The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code."}
	rfc6750_3_1_scope  = check.Source{Doc: "RFC 6750", Section: "3.1", Quote: "insufficient_scope The request requires higher privileges than provided by the access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code"}
)

// The checks, by ID.
var (
	Refused           = check.Unit{ID: "resource.refused", Source: rfc6750_3, What: "the resource endpoint's answer to a request without a token that enables access"}
	BearerChallenged  = check.Unit{ID: "resource.bearer-challenge", Source: rfc6750_3, What: "the WWW-Authenticate header of the resource endpoint's refusal"}
	NoTokenBare       = check.Unit{ID: "resource.no-token-401-bare", Source: rfc6750_3_1_noinfo, What: "the refusal of a request without any authentication (RFC 6750 §3's example: 401 with a bare Bearer challenge)"}
	InvalidToken401   = check.Unit{ID: "resource.invalid-token-401", Source: rfc6750_3_1_token, What: "the refusal of an access token that is unknown, expired or revoked"}
	InsufficientScope = check.Unit{ID: "resource.insufficient-scope-403", Source: rfc6750_3_1_scope, What: "the refusal of a valid access token without the data service's scope"}
)

// Answer is what the checks read of a resource response.
type Answer struct {
	Status int
	// Challenges are the WWW-Authenticate field lines.
	Challenges []string
	Body       []byte
}

func (a Answer) received() string {
	return fmt.Sprintf("HTTP %d, WWW-Authenticate %s, body %s", a.Status, orNone(strings.Join(a.Challenges, " | ")), check.Snippet(a.Body))
}

// Refusal judges the MUST of RFC 6750 §3: the request is refused (any 4xx:
// oidc-provider answers a request without a token with 400, a UserInfo
// endpoint may answer a token it does not take with 401 invalid_token) and
// the answer carries a Bearer challenge, whatever its error code.
func Refusal(a Answer) []check.Finding {
	var fs []check.Finding
	if a.Status < 400 || a.Status >= 500 {
		fs = append(fs, Refused.Fail("a refusal (HTTP 4xx)", a.received(), check.Implementation))
	}
	if _, err := bearer(a); err != nil {
		fs = append(fs, BearerChallenged.Fail("a Bearer challenge (RFC 9110 §11.6.1 syntax)", err.Error(), check.Implementation))
	}
	return fs
}

// Unauthenticated judges the SHOULDs for a request without any
// authentication: 401, as RFC 6750 §3's example and RFC 9110 §15.5.2 give
// it, and no error code (§3.1). A missing challenge is Refusal's finding.
func Unauthenticated(a Answer) []check.Finding {
	const want = "HTTP 401 with a Bearer challenge that names no error"
	if a.Status != 401 {
		return []check.Finding{NoTokenBare.Fail(want, a.received(), check.Implementation)}
	}
	c, err := bearer(a)
	if err != nil {
		return nil
	}
	if code, has := c.Param("error"); has {
		return []check.Finding{NoTokenBare.Fail(want, "error="+code+" in "+a.received(), check.Implementation)}
	}
	return nil
}

// Invalid judges the SHOULD of §3.1 for an unknown, expired or revoked
// token: 401 with error="invalid_token".
func Invalid(a Answer) []check.Finding {
	return coded(InvalidToken401, a, 401, "invalid_token")
}

// Insufficient judges the SHOULD of §3.1 for a valid token without the
// scope: 403 with error="insufficient_scope".
func Insufficient(a Answer) []check.Finding {
	return coded(InsufficientScope, a, 403, "insufficient_scope")
}

func coded(u check.Unit, a Answer, status int, code string) []check.Finding {
	want := fmt.Sprintf(`HTTP %d with a Bearer challenge naming error="%s"`, status, code)
	if a.Status != status {
		return []check.Finding{u.Fail(want, a.received(), check.Implementation)}
	}
	c, err := bearer(a)
	if err != nil {
		return nil
	}
	if got, _ := c.Param("error"); got != code {
		return []check.Finding{u.Fail(want, a.received(), check.Implementation)}
	}
	return nil
}

// bearer finds the Bearer challenge among the field lines.
func bearer(a Answer) (wwwauth.Challenge, error) {
	cs, err := wwwauth.Parse(a.Challenges)
	if err != nil {
		return wwwauth.Challenge{}, fmt.Errorf("%s (not RFC 9110 §11.6.1 syntax: %v)", orNone(strings.Join(a.Challenges, " | ")), err)
	}
	c, ok := wwwauth.Find(cs, "Bearer")
	if !ok {
		return wwwauth.Challenge{}, fmt.Errorf("no Bearer challenge: WWW-Authenticate %s (HTTP %d)", orNone(strings.Join(a.Challenges, " | ")), a.Status)
	}
	return c, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
