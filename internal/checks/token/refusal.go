package token

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/toets/toets/internal/check"
)

// The sentences the refusal checks prove.
var (
	rfc6749_5_2_twoMethods = check.Source{Doc: "RFC 6749", Section: "5.2", Quote: "invalid_request The request is missing a required parameter, includes an unsupported parameter value (other than grant type), repeats a parameter, includes multiple credentials, utilizes more than one mechanism for authenticating the client, or is otherwise malformed. invalid_client Client authentication failed … If the client attempted to authenticate via the \"Authorization\" request header field, the authorization server MUST respond with an HTTP 401 (Unauthorized) status code"}
	rfc6749_4_1_3_redirect = check.Source{Doc: "RFC 6749", Section: "4.1.3", Quote: "redirect_uri REQUIRED, if the \"redirect_uri\" parameter was included in the authorization request as described in Section 4.1.1, and their values MUST be identical."}
	rfc6749_3_2_once       = check.Source{Doc: "RFC 6749", Section: "3.2", Quote: "Request and response parameters MUST NOT be included more than once."}
	rfc6749_2_3_1_query    = check.Source{Doc: "RFC 6749", Section: "2.3.1", Quote: "The parameters can only be transmitted in the request-body and MUST NOT be included in the request URI."}
)

// The refusal checks, by ID.
var (
	TwoMethodsRefused   = check.Unit{ID: "token.two-auth-methods-refused", Source: rfc6749_5_2_twoMethods, What: "the answer to a token request that authenticates the client with HTTP Basic and with client_secret in the body"}
	RedirectURIRequired = check.Unit{ID: "token.redirect-uri-required", Source: rfc6749_4_1_3_redirect, What: "the answer to the redemption of a real code without the redirect_uri its authorization request had"}
	ParamsOnce          = check.Unit{ID: "token.params-once", Source: rfc6749_3_2_once, What: "the answer to the redemption of a real code with redirect_uri sent twice"}
	QuerySecretIgnored  = check.Unit{ID: "token.query-secret-not-honoured", Source: rfc6749_2_3_1_query, What: "the answer to the redemption of a real code whose only client authentication is client_id and client_secret in the request URI"}
)

// Refusal is one answer a sentence allows: an HTTP status with one of the
// error codes.
type Refusal struct {
	Status int
	Codes  []string
}

func (r Refusal) String() string {
	if len(r.Codes) == 0 {
		return fmt.Sprintf("HTTP %d", r.Status)
	}
	return fmt.Sprintf("HTTP %d with error %s", r.Status, strings.Join(r.Codes, " or "))
}

// refused judges a §5.2 error response against the refusals the sentence
// allows.
func refused(u check.Unit, r check.Response, allowed ...Refusal) []check.Finding {
	code := errorCode(r.Body)
	for _, a := range allowed {
		if r.Status != a.Status {
			continue
		}
		for _, c := range a.Codes {
			if c == code {
				return nil
			}
		}
	}
	want := make([]string, len(allowed))
	for i, a := range allowed {
		want[i] = a.String()
	}
	return []check.Finding{u.Fail(strings.Join(want, ", or "), r.Answer(), check.Implementation)}
}

// errorCode is the error member of a JSON body, or "".
func errorCode(body []byte) string {
	var m struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	return m.Error
}

// TwoMethods judges the answer to a request with Basic and body
// credentials. §5.2 names the case under invalid_request; invalid_client
// ("unsupported authentication method") is a fair reading too, and after
// an Authorization header it is a 401.
func TwoMethods(r check.Response) []check.Finding {
	return refused(TwoMethodsRefused, r, Refusal{400, []string{"invalid_request"}}, Refusal{401, []string{"invalid_client"}})
}

// MissingRedirectURI judges the redemption of a real code, whose
// authorization request carried redirect_uri, without it. §5.2 allows two
// readings: a required parameter is missing (invalid_request), or the
// grant "does not match the redirection URI used in the authorization
// request" (invalid_grant). Serving it is wrong either way.
func MissingRedirectURI(r check.Response) []check.Finding {
	return refused(RedirectURIRequired, r, Refusal{400, []string{"invalid_request", "invalid_grant"}})
}

// RepeatedParameter judges the redemption of a real code with a parameter
// sent twice (§5.2 invalid_request: "repeats a parameter"). A server that
// serves it has taken one of the values.
func RepeatedParameter(r check.Response) []check.Finding {
	return refused(ParamsOnce, r, Refusal{400, []string{"invalid_request"}})
}

// QuerySecret judges the redemption of a real code whose only client
// authentication is in the request URI. §2.3.1's MUST binds the client;
// what a server must not do is honour such credentials, so any answer but
// tokens passes (a refusal with invalid_request, or invalid_client because
// the URI was never read).
func QuerySecret(r check.Response) []check.Finding {
	var m struct {
		AccessToken string `json:"access_token"`
	}
	if r.Status >= 200 && r.Status < 300 && json.Unmarshal(r.Body, &m) == nil && m.AccessToken != "" {
		return []check.Finding{QuerySecretIgnored.Fail("no tokens: a refusal (invalid_request, or invalid_client because credentials in the URI do not count)", fmt.Sprintf("HTTP %d with an access token: the credentials in the URI were honoured", r.Status), check.Implementation)}
	}
	return nil
}

var rfc6749_5_2_unauthorized = check.Source{Doc: "RFC 6749", Section: "5.2", Quote: "error REQUIRED. A single ASCII [USASCII] error code from the following: … unauthorized_client The authenticated client is not authorized to use this authorization grant type. unsupported_grant_type The authorization grant type is not supported by the authorization server."}

// UnauthorizedClient is the check of a grant type refused to a client not
// registered for it.
var UnauthorizedClient = check.Unit{ID: "token.unauthorized-client", Source: rfc6749_5_2_unauthorized, What: "the answer to a client asking for a grant type it is not registered for"}

// GrantNotAuthorized judges that answer. Where the server's metadata lists
// the grant type in grant_types_supported, the server has it, and only
// unauthorized_client describes the refusal; where it does not (the grant
// is known only from the target file), a server without the grant rightly
// answers unsupported_grant_type.
func GrantNotAuthorized(r check.Response, advertised bool) []check.Finding {
	if advertised {
		return refused(UnauthorizedClient, r, Refusal{400, []string{"unauthorized_client"}})
	}
	return refused(UnauthorizedClient, r, Refusal{400, []string{"unauthorized_client", "unsupported_grant_type"}})
}

var rfc6749_3_3_refresh = check.Source{Doc: "RFC 6749", Section: "6, 3.3", Quote: "The requested scope MUST NOT include any scope not originally granted by the resource owner [binds the client] … The authorization server MAY fully or partially ignore the scope requested by the client … If the issued access token scope is different from the one requested by the client, the authorization server MUST include the \"scope\" response parameter to inform the client of the actual scope granted."}

// RefreshNoWiderScope is the check of a refresh that asks for more scope
// than was granted.
var RefreshNoWiderScope = check.Unit{ID: "token.refresh-no-wider-scope", Source: rfc6749_3_3_refresh, What: "the answer to a refresh that asks for a scope never granted"}

// RefreshWider judges that answer. The server may refuse (invalid_scope)
// or ignore the extra scope (§3.3), naming in scope what it issued; a 200
// that names a scope outside the original grant, or names none (so the
// token has the scope requested, §5.1), has granted more.
func RefreshWider(r check.Response, granted string) []check.Finding {
	if r.Status != 200 {
		return refused(RefreshNoWiderScope, r, Refusal{400, []string{"invalid_scope"}})
	}
	var m struct {
		AccessToken string  `json:"access_token"`
		Scope       *string `json:"scope"`
	}
	if json.Unmarshal(r.Body, &m) != nil || m.AccessToken == "" {
		return []check.Finding{RefreshNoWiderScope.Fail("HTTP 400 with error invalid_scope, or HTTP 200 with a token whose scope is within the original grant", r.Answer(), check.Implementation)}
	}
	const want = "HTTP 200 with a scope member naming only what was originally granted, or HTTP 400 with error invalid_scope"
	if m.Scope == nil {
		return []check.Finding{RefreshNoWiderScope.Fail(want, "HTTP 200 without scope: per §5.1 the token has the scope requested, more than was granted", check.Implementation)}
	}
	allowed := strings.Fields(granted)
	var extra []string
	for _, s := range strings.Fields(*m.Scope) {
		if !contains(allowed, s) {
			extra = append(extra, s)
		}
	}
	if len(extra) > 0 {
		return []check.Finding{RefreshNoWiderScope.Failf(want, check.Implementation, "HTTP 200 with scope %q: %s was never granted", *m.Scope, strings.Join(extra, " "))}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var rfc6749_3_2_post = check.Source{Doc: "RFC 6749", Section: "3.2", Quote: "The client MUST use the HTTP \"POST\" method when making access token requests. [binds the client; that the server refuses another method is toets's reading: SHOULD]"}

// PostOnly is the check of a token request sent with GET.
var PostOnly = check.Unit{ID: "token.post-only", Source: rfc6749_3_2_post, What: "the answer to a token request sent with GET (the MUST binds the client; a server should refuse the method, before it looks at the grant)"}

// MethodRefused judges that answer: 405, or the §5.2 invalid_request.
// Anything else means the server looked at the grant of a GET, whose
// parameters sat in the URI, in logs and proxies.
func MethodRefused(r check.Response) []check.Finding {
	if r.Status == 405 {
		return nil
	}
	return refused(PostOnly, r, Refusal{405, nil}, Refusal{400, []string{"invalid_request"}})
}

var rfc6749_2_3_1_post = check.Source{Doc: "RFC 6749", Section: "2.3.1", Quote: "Alternatively, the authorization server MAY support including the client credentials in the request-body using the following parameters [a MAY; a server that lists client_secret_post or registers a client for it has promised it: toets reads this as MUST]"}

// PostAuthenticated is the check of a client_secret_post client's request.
var PostAuthenticated = check.Unit{ID: "token.client-secret-post", Source: rfc6749_2_3_1_post, What: "the answer to a client_secret_post client redeeming a code the server never issued (the server listed client_secret_post, or the client is registered for it)"}

// PostClientAccepted judges that answer: the client is authenticated when
// the refusal is about the grant (invalid_grant), not about the client.
func PostClientAccepted(r check.Response) []check.Finding {
	return refused(PostAuthenticated, r, Refusal{400, []string{"invalid_grant"}})
}

var medmijCCScope = check.Source{Doc: "RFC 6749", Section: "5.2", Quote: "error REQUIRED. A single ASCII [USASCII] error code from the following: … invalid_scope The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner. … unauthorized_client The authenticated client is not authorized to use this authorization grant type. unsupported_grant_type The authorization grant type is not supported by the authorization server."}

// CCScopeRefused is the check of a client_credentials request for the
// person's data scope (MedMij: that scope needs the person's consent).
var CCScopeRefused = check.Unit{ID: "token.cc-scope-refused", Source: medmijCCScope, What: "the answer to a client_credentials request for the person's data scope"}

// CCScope judges that answer. MedMij uses only the authorization code
// flow, so a server without client_credentials (unsupported_grant_type),
// or without it for this client (unauthorized_client), refuses rightly;
// one that has it refuses the scope (invalid_scope).
func CCScope(r check.Response) []check.Finding {
	return refused(CCScopeRefused, r, Refusal{400, []string{"invalid_scope", "unauthorized_client", "unsupported_grant_type"}})
}
