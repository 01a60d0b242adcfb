package refserver

import (
	"fmt"
	"sort"
	"strings"
)

// Fault is one deliberate violation the reference server can be started
// with. The fault matrix (make test) starts the server with each fault and
// proves that the scenarios tagged @rule:<Rule> fail under it and pass
// without it.
type Fault struct {
	// Name is what --fault takes.
	Name string
	// Rule is the id of the rule it violates: scenarios carry it as the tag
	// @rule:<Rule>.
	Rule string
	// Description says in one line what the server does wrong.
	Description string
}

// Faults is the one table of faults. The code checks each fault at exactly
// one place, through faultSet.on.
var Faults = []Fault{
	// Authorization interface.
	{"state-not-echoed", "authz-code-flow", "the success redirect carries a state other than the one the client sent"},
	{"open-redirect-on-unknown-client", "authz-unknown-client", "a request with a missing or unknown client_id is redirected to the redirect_uri it names, with error=unauthorized_client"},
	{"redirect-unregistered-uri", "authz-redirect-uri-registered", "the redirect_uri of the request is used without comparing it with the registered one"},
	{"unknown-client-redirected-after-login", "authz-unknown-client", "a request it cannot trust gets the login page, and after the login the person is redirected to the redirect_uri it names, with error=unauthorized_client"},
	{"client-checked-after-login", "authz-refusal-page", "a request with an unknown client or unregistered redirect URI gets the login page; the error page comes only after the login"},
	{"refusal-without-page", "authz-refusal-informs", "a request with an unknown client or unregistered redirect URI gets an empty HTTP 400: nothing tells the person what went wrong"},
	{"redirect-uri-optional", "authz-redirect-uri-required", "a request without redirect_uri is sent on to the registered redirect URI instead of being refused"},
	{"response-type-ignored", "authz-response-type", "response_type is not checked: any value, or none, starts the code flow"},
	{"scope-not-validated", "authz-invalid-scope", "the scope is neither checked against RFC 6749 section 3.3 syntax nor against the scopes the client may ask for"},
	{"scope-space-server-error", "authz-scope-spacing", "a scope with a double or trailing space is answered with error=server_error instead of invalid_scope or a lenient reading"},
	{"malformed-scope-server-error", "authz-malformed-scope", "a scope with a double quote or backslash is answered with error=server_error instead of invalid_scope or being ignored"},
	{"unknown-scope-server-error", "authz-unknown-scope", "a well-formed scope the server does not know is answered with error=server_error instead of invalid_scope or being ignored"},
	{"scope-default-when-missing", "authz-scope-required", "a request without scope gets the data service's scope instead of invalid_scope"},
	{"state-optional", "authz-state-required", "a request without state is accepted"},
	{"state-dropped-on-error", "authz-state-on-error", "error redirects to the client leave out the state"},
	{"state-reencoded", "authz-state-byte-for-byte", "the state is percent-encoded twice in the redirect, so a state with special characters comes back changed"},
	{"duplicate-params-accepted", "authz-duplicate-params", "a repeated parameter is not refused; the first value is used"},
	{"unknown-params-rejected", "authz-unknown-params-ignored", "a parameter the server does not know is refused with invalid_request"},
	{"deny-misspelt-error", "authz-deny-access-denied", "a refusal is answered with error=acccess_denied (three c's), as an old fosite did"},
	{"deny-leaks-reason", "authz-no-data-indistinguishable", "a person without data gets access_denied with an error_description that says so"},
	{"cancel-strands-user", "authz-login-cancel", "cancelling at the login page shows an error page instead of returning to the client"},
	{"low-entropy-code", "authz-code-entropy", "authorization codes are six random digits"},
	{"consent-hides-client", "authz-consent-names-client", "the consent question says 'een applicatie' instead of the client's name"},
	{"iss-missing", "authz-iss-parameter", "authorization responses lack iss although the metadata announces it (RFC 9207)"},
	{"frameable-login", "authz-login-page-framing", "the login page is sent without X-Frame-Options and CSP frame-ancestors"},
	{"frameable-consent", "authz-consent-page-framing", "the consent page is sent without X-Frame-Options and CSP frame-ancestors"},
	{"login-form-over-http", "authz-login-page-tls", "the login form posts the password to an http:// URL"},
	{"login-form-posts-elsewhere", "authz-login-credentials-stay", "the login form posts the password to https://localhost:<port>, a host the target file does not name"},
	{"login-beacon-elsewhere", "authz-login-credentials-stay", "a script on the login page sends the typed username and password as a beacon to https://localhost:<port> (browser only: the HTTP agent runs no script)"},
	{"login-307", "authz-login-no-307", "the login's POST is answered with 307 to the same server, so the browser posts the password a second time"},
	{"login-308", "authz-login-no-308", "the login's POST is answered with 308 to the same server, so the browser posts the password a second time"},
	{"pkce-plain-accepted", "authz-pkce-methods-advertised", "code_challenge_method=plain is accepted although the metadata lists only S256"},
	{"pkce-s256-refused", "authz-pkce-s256-accepted", "a request with an S256 code challenge is refused as if PKCE were not supported"},
	{"pkce-challenge-unchecked", "authz-pkce-challenge-syntax", "a code_challenge of the wrong length or alphabet is accepted"},
	{"pkce-optional", "authz-pkce-required", "in the idporten profile a request without code_challenge is accepted"},
	{"declined-scope-granted", "authz-declined-scope-left-out", "in the idporten profile a scope the person unticked on the consent page is granted anyway"},
	// (authorization faults end here)

	// Token interface.
	{"token-access-denied", "token-error-rfc0015", "an invalid code is answered with error=access_denied, the pre-RFC0015 behaviour"},
	{"no-store-missing", "token-success-response", "the token response lacks Cache-Control: no-store"},
	{"code-reusable", "token-code-single-use", "an authorization code can be redeemed more than once"},
	{"get-token-accepted", "token-post-only", "a GET with the parameters in the query string is served like a POST"},
	{"json-body-accepted", "token-form-encoded", "a JSON request body is accepted next to application/x-www-form-urlencoded"},
	{"error-200", "token-error-format", "token errors are answered with HTTP 200"},
	{"error-html", "token-error-format", "token errors are an HTML page instead of JSON"},
	{"error-cacheable", "token-error-no-store", "token errors lack Cache-Control: no-store and Pragma: no-cache"},
	{"description-bad-chars", "token-error-format", "error_description holds a double quote and a non-ASCII character"},
	{"invalid-request-as-invalid-grant", "token-invalid-request", "a malformed token request (a missing parameter) is answered with invalid_grant"},
	{"token-redirect-uri-optional", "token-redirect-uri-required", "a code whose authorization request had a redirect_uri is redeemed without it"},
	{"duplicate-token-params-accepted", "token-params-once", "a token request with a parameter sent twice is served, using the first value"},
	{"invalid-client-400", "token-invalid-client", "invalid_client after Basic authentication is answered with HTTP 400 instead of 401"},
	{"no-www-authenticate", "token-invalid-client-challenge", "invalid_client after Basic authentication lacks the WWW-Authenticate header"},
	{"client-auth-optional", "token-client-auth-required", "a client_id without any client authentication is taken as authenticated"},
	{"unsupported-grant-as-invalid-request", "token-unsupported-grant-type", "an unknown grant_type is answered with invalid_request"},
	{"grant-types-unchecked", "token-unauthorized-client", "any client may use any grant type, whatever it registered"},
	{"cc-scope-widened", "token-cc-scope", "client_credentials grants a scope the client may not have (the data scope)"},
	{"code-other-client-accepted", "token-code-bound-to-client", "a code issued to one client is redeemed by another"},
	{"redirect-uri-unchecked", "token-redirect-uri-match", "the redirect_uri of the token request is not compared with the authorization request"},
	{"code-never-expires", "token-code-expiry", "an authorization code is redeemable after its lifetime"},
	{"pkce-unchecked", "token-pkce-verifier", "the PKCE code_verifier is not checked against the code_challenge"},
	{"code-reuse-no-revoke", "token-code-reuse-revokes", "a reused code is refused but the tokens issued from it stay valid"},
	{"availability-check-at-token", "token-no-availability-check", "the token endpoint refuses a person for whom no data is available (RFC0015 forbids the check there)"},
	{"expires-in-over-limit", "token-expires-in", "access tokens live a day, above the profile's maximum"},
	{"no-refresh-token", "token-refresh-token-issued", "the code exchange gives no refresh token, so long-lived consent is impossible"},
	{"refresh-not-rotated", "token-refresh-rotation", "a refresh hands back the same refresh token, which stays valid"},
	{"refresh-old-kept", "token-refresh-old-refused", "a refresh gives a new refresh token, but the one it replaced stays valid"},
	{"refresh-any-client", "token-refresh-bound-to-client", "a refresh token issued to one client is accepted from another"},
	{"refresh-scope-widened", "token-refresh-scope", "a refresh may ask for more scope than was granted"},
	{"cc-refresh-token", "token-cc-no-refresh-token", "client_credentials responses carry a refresh token"},
	{"slow-token", "token-answer-time", "the token endpoint takes more than 10 seconds to answer"},
	{"post-auth-refused", "token-client-secret-post", "client_secret_post is refused although the client registered it; only Basic works"},
	{"resource-unchecked", "token-resource-indicator", "an unknown RFC 8707 resource is ignored and a token issued (acm)"},
	{"jwt-rs256-refused", "token-private-key-jwt", "a private_key_jwt client's RS256 assertion is refused"},
	{"jwt-aud-unchecked", "token-jwt-audience", "a client assertion for another audience is accepted"},
	{"jwt-exp-unchecked", "token-jwt-expiry", "an expired client assertion is accepted"},
	{"jwt-replay-accepted", "token-jwt-replay", "a client assertion is accepted again with the same jti"},
	{"jwt-alg-trusted", "token-jwt-alg", "the alg of the assertion header is trusted: none passes, HS256 is keyed with the public key"},
	{"jwt-signature-unchecked", "token-jwt-key", "the assertion's signature is not checked against the client's registered key"},
	{"basic-not-form-decoded", "token-client-secret-basic", "client_secret_basic credentials are not form-decoded, so a secret with reserved characters fails"},
	{"query-secret-accepted", "token-no-secret-in-query", "client_id and client_secret in the token request's URI authenticate the client"},
	{"mtls-cert-refused", "token-mtls-client-auth", "a tls_client_auth client is refused although it presents its registered certificate"},
	{"mtls-no-cert-accepted", "token-mtls-no-cert-refused", "a tls_client_auth client's client_id is believed without any client certificate"},
	{"mtls-any-cert-accepted", "token-mtls-unregistered-cert-refused", "any client certificate authenticates a tls_client_auth client, even a self-signed one"},
	{"scope-omitted-when-changed", "token-scope-when-changed", "token responses never carry scope, not even when the scope granted is narrower than the one requested"},
	{"default-scopes-not-added", "token-cc-default-scopes", "a client_credentials request without scope gets a token without scope instead of the client's default scopes"},
	{"refresh-ignores-narrower-scope", "token-refresh-narrower-scope", "a refresh asking for less scope than was granted gets a token for the whole grant"},
	{"refresh-refuses-narrower-scope", "token-refresh-narrower-scope", "a refresh asking for less scope than was granted is refused with invalid_scope"},
	// TLS (MedMij core.tls.301-304, NCSC TLS guidelines; refserver/tlsfaults.go).
	{"tls12-refused", "tls-1.2-supported", "the listener accepts TLS 1.3 only; a client offering TLS 1.2 is refused"},
	{"tls13-disabled", "tls-highest-version", "TLS 1.3 is switched off, so a client offering 1.2 and 1.3 gets 1.2"},
	{"tls10-accepted", "tls-old-versions-refused", "a client offering only TLS 1.0 or 1.1 is served (with a CBC suite)"},
	{"weak-cipher-accepted", "tls-good-cipher-suites", "TLS 1.2 also accepts ECDHE-ECDSA-AES128-SHA, a CBC suite outside the NCSC \"goed\" set"},
	{"tls-cert-wrong-host", "tls-certificate-valid", "the back channel (the listener of the mutual-TLS token endpoint) presents a certificate from the trusted CA, but for elsewhere.toets.invalid instead of its own address"},
	{"back-channel-foreign-root", "tls-back-channel-root", "the back channel (the mutual-TLS token endpoint's listener) presents a certificate for its address from a CA other than the MedMij back-channel root"},
	{"front-cert-wildcard", "tls-front-channel-certificate", "the certificate of the browser-facing listener also names *.toets.invalid, a wildcard"},
	{"front-cert-dv", "tls-front-channel-certificate", "the certificate of the browser-facing listener is domain-validated (CA/B Forum policy 2.23.140.1.2.1), not OV"},
	{"hsts-missing", "tls-hsts", "the pages of the authorization endpoint are served without Strict-Transport-Security"},
	{"token-tracing-header-refused", "token-tracing-headers", "a token request with a MedMij-Request-ID header is refused with invalid_request"},
	// (token faults end here)

	// Resource interface, introspection, revocation, keys and metadata.
	{"resource-wrong-person", "resource-serves-person", "the resource endpoint serves the data of another person than the token's"},
	{"header-token-refused", "resource-bearer-header", "a valid access token in the Authorization header is refused with 401 invalid_token"},
	{"bearer-challenge-missing", "resource-no-token-challenge", "a request without a token gets 401 without a WWW-Authenticate: Bearer challenge"},
	{"no-token-400-error", "resource-no-token-401", "a request without a token gets 400 with error=\"invalid_request\" instead of 401 with a bare challenge"},
	{"invalid-token-no-challenge", "resource-invalid-token", "an unknown, expired or revoked access token is refused with 401 but no WWW-Authenticate: Bearer challenge"},
	{"invalid-token-403", "resource-invalid-token-401", "an unknown access token is answered with 403 instead of 401 invalid_token"},
	{"insufficient-scope-200", "resource-insufficient-scope", "the resource endpoint does not check that the token's scope covers the data service"},
	{"insufficient-scope-401", "resource-insufficient-scope-403", "a valid token without the data service's scope is answered 401 invalid_token instead of 403 insufficient_scope"},
	{"malformed-header-401", "resource-malformed-credential", "a malformed Bearer credential is answered as an invalid token (401) instead of 400 invalid_request"},
	{"query-token-accepted", "resource-query-token-refused", "an access_token in the query string is accepted as the bearer token"},
	{"outcome-missing", "resource-operation-outcome", "401 and 403 answers carry a plain-text body instead of a FHIR OperationOutcome"},
	{"correlation-id-refused", "resource-tracing-headers", "a request with an X-Correlation-ID header is refused with 400"},
	{"bsn-param-honoured", "resource-person-from-token-only", "a patient= or bsn= query parameter chooses whose data is served"},
	{"revoked-token-served", "resource-revoked-token-refused", "the resource endpoint does not look at whether an access token was revoked"},
	{"introspect-unauthenticated", "introspection-requires-auth", "the introspection endpoint answers callers that did not authenticate"},
	{"introspect-exp-as-text", "introspection-active", "an active token's introspection response gives exp as a date text instead of an integer timestamp"},
	{"inactive-reported-active", "introspection-inactive", "introspection answers active: true for a token it does not know, cannot read or holds as expired"},
	{"inactive-with-claims", "introspection-inactive-bare", "an inactive token's introspection response says why, next to active: false"},
	{"revoked-still-active", "introspection-revoked-inactive", "introspection reports a revoked token as active"},
	{"revoke-unknown-400", "revocation-unknown-token", "revoking a token the server does not know is answered with 400"},
	{"issuer-mismatch", "metadata-issuer", "the metadata's issuer has a trailing slash the fetched URL does not"},
	{"metadata-no-response-types", "metadata-required-members", "the metadata lacks the required response_types_supported"},
	{"metadata-http-endpoint", "metadata-https-endpoints", "the metadata advertises the JWKS at an http:// URL"},
	{"code-response-type-missing", "metadata-code-response-type", "response_types_supported lists only \"code id_token\", not \"code\""},
	{"s256-not-advertised", "metadata-pkce-s256", "code_challenge_methods_supported lists only plain"},
	{"auth-method-unadvertised", "metadata-token-auth-methods", "token_endpoint_auth_methods_supported leaves out client_secret_post, which a client uses"},
	{"scope-bad-chars", "metadata-scope-syntax", "scopes_supported holds a scope with a space and quotes in it"},
	{"private-jwk-published", "keys-public-only", "the key set publishes the private exponent d of the signing key"},
	{"rsa-1024", "keys-strength", "the key set also publishes a 1024-bit RSA key"},
	{"hs256-jwks", "keys-no-symmetric-alg", "the RSA key in the key set is labelled alg HS256"},
	{"duplicate-kid", "keys-unique-kid", "two keys of the key set share one kid"},
	{"jwks-no-cache", "keys-cache-headers", "the key set is served without Cache-Control"},
	{"late-unavailable-500", "resource-late-availability", "a person who passed consent but has no record gets HTTP 500 at the resource endpoint"},
	{"x5c-other-key", "keys-x5c-leaf", "the x5c certificate of the signing key certifies another key"},
	{"x5c-expired", "keys-x5c-valid", "the x5c certificate of the signing key expired a year ago (acm)"},
	{"refresh-revoke-keeps-access", "revocation-refresh-revokes-access", "revoking a refresh token leaves the access tokens of the same grant usable"},
	{"rights-union", "resource-rights-one-side", "a grant holds every right the client or the person has, not only those both have (seed 000)"},
	{"rights-unchecked", "resource-rights-neither", "a grant holds every requested right, whoever has it (seed 000)"},
	{"extra-right-dropped", "resource-rights-shared", "a grant holds only the data service's scope, dropping a second right both the client and the person have"},
	{"audience-unchecked", "resource-audience", "a token issued for one resource (RFC 8707) is served by the server's other resource too (acm)"},
	{"idtoken-signature-wrong", "idtoken-signature", "the ID token is signed RS256 with a key that is not in the JWKS (oidc)"},
	{"idtoken-alg-none", "idtoken-alg", "the ID token is unsigned: alg none (oidc)"},
	{"idtoken-wrong-iss", "idtoken-iss", "the ID token's iss has a trailing slash the issuer does not (oidc)"},
	{"idtoken-wrong-aud", "idtoken-aud", "the ID token's aud names another client (oidc)"},
	{"idtoken-expired", "idtoken-times", "the ID token's exp is ten minutes in the past when it is issued (oidc)"},
	{"idtoken-nonce-dropped", "idtoken-nonce", "the ID token leaves out the nonce of the authorization request (oidc)"},
	{"idtoken-at-hash-wrong", "idtoken-at-hash", "the ID token's at_hash is the hash of another access token (oidc)"},
	{"jwt-at-typ-jwt", "jwt-at-typ", "JWT access tokens carry typ JWT instead of at+jwt (oidc, idporten)"},
	{"jwt-at-alg-none", "jwt-at-alg", "JWT access tokens are unsigned: alg none (oidc, idporten)"},
	{"jwt-at-hs256", "jwt-at-alg-asymmetric", "JWT access tokens are signed HS256 with a shared secret instead of an asymmetric key (oidc, idporten)"},
	{"jwt-at-bad-signature", "jwt-at-signature", "JWT access tokens are signed with a key that is not in the JWKS (oidc, idporten)"},
	{"jwt-at-missing-claims", "jwt-at-claims", "JWT access tokens lack client_id and jti (oidc, idporten)"},
	{"rsa-2048-key", "keys-rsa-4096", "the signing key is RSA 2048, not the 4096 bits seed 003 recommends"},
	{"slow-resource", "resource-answer-time", "the resource endpoint takes more than 60 seconds to answer"},
	{"scope-not-prefixed", "scope-idporten-prefixed", "in the idporten profile scopes_supported also lists \"medication\", a scope without the prefix: form (seed 004)"},
	{"read-scope-writes", "resource-read-scope-no-write", "in the idporten profile a token with the read scope (no .write postfix) may write to the resource (seed 004)"},
	{"oidc-discovery-issuer-mismatch", "metadata-oidc-discovery-issuer", "the issuer in /.well-known/openid-configuration has a trailing slash the fetched URL does not (oidc)"},
	// (resource, introspection, revocation, keys and metadata faults end here)
}

// browserOnly are the faults only a user agent that runs the pages'
// scripts meets: the HTTP agent runs none, so under it the fault changes
// nothing a person could see, and the fault matrix proves them under the
// browser alone.
var browserOnly = map[string]bool{"login-beacon-elsewhere": true}

// BrowserOnly reports whether only the browser can meet the fault.
func (f Fault) BrowserOnly() bool { return browserOnly[f.Name] }

// caughtBy names, for the faults whose rule is judged by a named check
// (internal/checks), the check that must find the fault: the fault matrix
// fails when the rule's scenarios fail only at some other check, which
// would mean the fault is caught by accident. The names are plain data; the
// server shares no code with the checks. Rules still judged by unnamed
// assertions have no entry yet.
var caughtBy = map[string]string{
	// The token rules' checks (internal/checks/token).
	"duplicate-token-params-accepted": "token.params-once",
	"invalid-client-400":              "token.two-auth-methods-refused",
	"query-secret-accepted":           "token.query-secret-not-honoured",
	"grant-types-unchecked":           "token.unauthorized-client",
	"refresh-scope-widened":           "token.refresh-no-wider-scope",
	"get-token-accepted":              "token.post-only",
	"post-auth-refused":               "token.client-secret-post",
	"refresh-not-rotated":             "token.refresh-new-token",
	"refresh-old-kept":                "token.refresh-old-refused",
	"cc-scope-widened":                "token.cc-scope-refused",

	"login-form-posts-elsewhere":   "authorization.credentials-stay",
	"login-beacon-elsewhere":       "authorization.credentials-stay",
	"login-307":                    "authorization.login-no-307",
	"login-308":                    "authorization.login-no-308",
	"iss-missing":                  "authorization.iss-parameter",
	"state-dropped-on-error":       "authorization.state-on-error",
	"state-reencoded":              "authorization.state-on-error",
	"scope-space-server-error":     "authorization.scope-read-or-refused",
	"unknown-scope-server-error":   "authorization.scope-read-or-refused",
	"malformed-scope-server-error": "authorization.scope-read-or-refused",
	"token-redirect-uri-optional":  "token.redirect-uri-required",
	"refusal-without-page":         "authorization.refusal-informs",
	"s256-not-advertised":          "metadata.pkce-s256",
	"auth-method-unadvertised":     "metadata.auth-methods-listed",
	"pkce-challenge-unchecked":     "authorization.challenge-syntax",
	"duplicate-params-accepted":    "authorization.params-once",
	"introspect-unauthenticated":   "introspection.unauthenticated-refused",
	"introspect-exp-as-text":       "introspection.members-describe-token",
	"inactive-reported-active":     "introspection.inactive-false",
	"inactive-with-claims":         "introspection.inactive-bare",
	"revoked-still-active":         "introspection.inactive-false",
	"revoke-unknown-400":           "revocation.answered-200",
	"bearer-challenge-missing":     "resource.bearer-challenge",
	"no-token-400-error":           "resource.no-token-401-bare",
	"invalid-token-no-challenge":   "resource.bearer-challenge",
	"invalid-token-403":            "resource.invalid-token-401",
	"insufficient-scope-200":       "resource.refused",
	"insufficient-scope-401":       "resource.insufficient-scope-403",
	"revoked-token-served":         "resource.refused",
	"header-token-refused":         "resource.header-served",
	"resource-wrong-person":        "resource.person-served",
	"query-token-accepted":         "resource.query-token-not-served",
	"jwt-at-alg-none":              "resource.jwt-at-signed",
	"jwt-at-hs256":                 "resource.jwt-at-asymmetric",
	"idtoken-alg-none":             "idtoken.alg-registered",
	"idtoken-expired":              "idtoken.times",
}

// Check is the ID of the check that must find the fault, or "" where its
// rule has no named checks yet.
func (f Fault) Check() string { return caughtBy[f.Name] }

// FaultByName finds a fault in the table.
func FaultByName(name string) (Fault, bool) {
	for _, f := range Faults {
		if f.Name == name {
			return f, true
		}
	}
	return Fault{}, false
}

// faultSet is the set of faults a server was started with.
type faultSet map[string]bool

func newFaultSet(names []string) (faultSet, error) {
	s := faultSet{}
	for _, n := range names {
		if _, ok := FaultByName(n); !ok {
			return nil, fmt.Errorf("unknown fault %q (toets serve-reference --list-faults lists them)", n)
		}
		s[n] = true
	}
	return s, nil
}

// on reports whether the named fault is active. It panics on a name that is
// not in the table, so a typo in the server cannot silently disable a fault.
func (s faultSet) on(name string) bool {
	if _, ok := FaultByName(name); !ok {
		panic("refserver: fault not in the table: " + name)
	}
	return s[name]
}

// names lists the active faults, sorted.
func (s faultSet) names() []string {
	var out []string
	for n := range s {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FaultTable renders the table one fault a line: name, rule, description.
func FaultTable() string {
	var b strings.Builder
	for _, f := range Faults {
		fmt.Fprintf(&b, "%-32s %-32s %s\n", f.Name, f.Rule, f.Description)
	}
	return b.String()
}
