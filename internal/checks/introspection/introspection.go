// Package introspection holds the checks of token introspection (RFC 7662)
// and revocation (RFC 7009): what the endpoints must answer, judged from the
// recorded response alone.
package introspection

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/toets/toets/internal/check"
	"github.com/toets/toets/internal/oauth"
)

// The sentences these checks prove.
var (
	rfc7662_2_1 = check.Source{Doc: "RFC 7662", Section: "2.1", Quote: "To prevent token scanning attacks, the endpoint MUST also require some form of authorization to access this endpoint"}
	rfc7662_2_2 = check.Source{Doc: "RFC 7662", Section: "2.2", Quote: `The server responds with a JSON object [RFC7159] in "application/json" format with the following top-level members. active REQUIRED. Boolean indicator of whether or not the presented token is currently active.`}
	// The OPTIONAL members: a server may leave each out, but one it gives
	// must describe the token.
	rfc7662_2_2_members  = check.Source{Doc: "RFC 7662", Section: "2.2", Quote: "client_id OPTIONAL. Client identifier for the OAuth 2.0 client that requested this token. exp OPTIONAL. Integer timestamp ... indicating when this token will expire. scope OPTIONAL. A JSON string containing a space-separated list of scopes associated with this token"}
	rfc7662_2_2_inactive = check.Source{Doc: "RFC 7662", Section: "2.2", Quote: `the authorization server MUST return an introspection response with the "active" field set to "false"`}
	rfc7662_2_2_bare     = check.Source{Doc: "RFC 7662", Section: "2.2", Quote: "the authorization server SHOULD NOT include any additional information about an inactive token, including why the token is inactive"}
	rfc7009_2_2          = check.Source{Doc: "RFC 7009", Section: "2.2", Quote: "The authorization server responds with HTTP status code 200 if the token has been revoked successfully or if the client submitted an invalid token."}
)

// The checks, by ID.
var (
	UnauthenticatedRefused = check.Unit{ID: "introspection.unauthenticated-refused", Source: rfc7662_2_1, What: "the introspection endpoint's answer to a caller that did not authenticate"}
	ResponseFormat         = check.Unit{ID: "introspection.response-format", Source: rfc7662_2_2, What: "the introspection response"}
	ActiveTrue             = check.Unit{ID: "introspection.active-true", Source: rfc7662_2_2, What: "active in the introspection response of a valid token"}
	MembersDescribeToken   = check.Unit{ID: "introspection.members-describe-token", Source: rfc7662_2_2_members, What: "the optional members of an active token's introspection response"}
	InactiveFalse          = check.Unit{ID: "introspection.inactive-false", Source: rfc7662_2_2_inactive, What: "active in the introspection response of a token that is not active"}
	InactiveBare           = check.Unit{ID: "introspection.inactive-bare", Source: rfc7662_2_2_bare, What: "the members of an inactive token's introspection response"}
	RevocationAnswered     = check.Unit{ID: "revocation.answered-200", Source: rfc7009_2_2, What: "the revocation endpoint's answer"}
)

// Token is what the harness knows of the token it introspects.
type Token struct {
	// ClientID is the client the token was issued to.
	ClientID string
}

// Unauthenticated judges the answer to an introspection request that
// carried no client authentication: any refusal will do (401 is what §2.3
// gives for bad client credentials; the RFC also allows other forms of
// authorization, so 400 and 403 are refusals too); an answer is not.
func Unauthenticated(r check.Response) []check.Finding {
	if r.Status >= 200 && r.Status < 300 {
		return []check.Finding{UnauthenticatedRefused.Fail("a refusal (HTTP 401, or another 4xx)", r.Answer(), check.Implementation)}
	}
	if r.Status < 400 || r.Status >= 500 {
		return []check.Finding{UnauthenticatedRefused.Fail("a refusal (HTTP 401, or another 4xx)", r.Answer(), check.Implementation)}
	}
	return nil
}

// Active judges the introspection of a token that is valid: a JSON object
// with active true, and every optional member it has describing the token.
func Active(r check.Response, tok Token) []check.Finding {
	m, fs := object(r)
	if m == nil {
		return fs
	}
	if v, ok := m["active"]; !ok || v != true {
		fs = append(fs, ActiveTrue.Fail("true", describe(v, ok), check.Implementation))
	}
	var wrong []string
	if v, ok := m["client_id"]; ok {
		if s, _ := v.(string); s != tok.ClientID {
			wrong = append(wrong, fmt.Sprintf("client_id %s (the token was issued to %s)", compact(v), tok.ClientID))
		}
	}
	if v, ok := m["exp"]; ok {
		if n, isNum := v.(float64); !isNum || n <= 0 || n != float64(int64(n)) {
			wrong = append(wrong, fmt.Sprintf("exp %s (an integer timestamp)", compact(v)))
		}
	}
	if v, ok := m["scope"]; ok {
		if _, isStr := v.(string); !isStr {
			wrong = append(wrong, fmt.Sprintf("scope %s (a JSON string)", compact(v)))
		}
	}
	if len(wrong) > 0 {
		fs = append(fs, MembersDescribeToken.Fail("members that are absent or describe the token", strings.Join(wrong, "; "), check.Implementation))
	}
	return fs
}

// Inactive judges the introspection of a token that is not active
// (unknown, malformed, expired, revoked): active must be false.
func Inactive(r check.Response) []check.Finding {
	m, fs := object(r)
	if m == nil {
		return fs
	}
	if v, ok := m["active"]; !ok || v != false {
		fs = append(fs, InactiveFalse.Fail("false", describe(v, ok), check.Implementation))
	}
	return fs
}

// Bare judges the SHOULD NOT of §2.2: an inactive token's response says
// nothing but active false. Only the members are judged; Inactive judges
// the rest.
func Bare(r check.Response) []check.Finding {
	m, fs := object(r)
	if m == nil {
		return fs
	}
	var extra []string
	for k := range m {
		if k != "active" {
			extra = append(extra, k)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	sort.Strings(extra)
	return []check.Finding{InactiveBare.Fail(`only "active": false`, "also "+strings.Join(extra, ", ")+": "+check.Snippet(r.Body), check.Implementation)}
}

// Revoked judges the answer to a revocation of a token by an authenticated
// client, whether or not the server knew the token.
func Revoked(r check.Response) []check.Finding {
	if r.Status != 200 {
		return []check.Finding{RevocationAnswered.Fail("HTTP 200", r.Answer(), check.Implementation)}
	}
	return nil
}

// object reads a response that must be HTTP 200 with a JSON object in
// application/json; m is nil when it is not one.
func object(r check.Response) (map[string]any, []check.Finding) {
	var fs []check.Finding
	if r.Status != 200 {
		return nil, []check.Finding{ResponseFormat.Fail("HTTP 200 with a JSON object", r.Answer(), check.Implementation)}
	}
	if !oauth.IsJSON(r.ContentType) {
		fs = append(fs, ResponseFormat.Fail("Content-Type application/json", orNone(r.ContentType), check.Implementation))
	}
	m, err := oauth.DecodeObject(r.Body)
	if err != nil {
		return nil, append(fs, ResponseFormat.Fail("one JSON object", fmt.Sprintf("%v: %s", err, check.Snippet(r.Body)), check.Implementation))
	}
	return m, fs
}

func describe(v any, present bool) string {
	if !present {
		return "no active member"
	}
	return compact(v)
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
