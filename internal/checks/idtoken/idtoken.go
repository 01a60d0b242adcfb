// Package idtoken holds the checks of the ID token (OpenID Connect Core 1.0
// §2, §3.1.3.7) that toets judges a provider by, over the parsed token's
// header and claims.
package idtoken

import (
	"fmt"
	"time"

	"github.com/toets/toets/internal/check"
)

var (
	oidcRegistration2 = check.Source{Doc: "OpenID Connect Dynamic Client Registration 1.0", Section: "2", Quote: "id_token_signed_response_alg OPTIONAL. JWS alg algorithm [JWA] REQUIRED for signing the ID Token issued to this Client. … The default, if omitted, is RS256."}
	oidcCore2Times    = check.Source{Doc: "OpenID Connect Core 1.0", Section: "2", Quote: "exp REQUIRED. Expiration time on or after which the ID Token MUST NOT be accepted by the RP when performing authentication with the OP. … iat REQUIRED. Time at which the JWT was issued."}

	AlgRegistered = check.Unit{ID: "idtoken.alg-registered", Source: oidcRegistration2, What: "the ID token's alg, the one registered for the client"}
	Times         = check.Unit{ID: "idtoken.times", Source: oidcCore2Times, What: "the ID token's exp and iat"}
)

// DefaultAlg is the alg of a client that registered none.
const DefaultAlg = "RS256"

// Alg judges the ID token's alg against the client's registered
// id_token_signed_response_alg (registered; empty: RS256). HS256 or even
// none pass where the client registered them: OIDC Core allows both.
func Alg(alg, registered string) []check.Finding {
	want := registered
	if want == "" {
		want = DefaultAlg
	}
	if alg != want {
		return []check.Finding{AlgRegistered.Fail(want+" (clients[].id_token_signed_response_alg, default RS256)", fmt.Sprintf("%q", alg), check.Implementation)}
	}
	return nil
}

// TimesAt judges exp and iat at now: exp after now and iat not after now,
// each within skew. How long ago iat may be is "Client specific" (§3.1.3.7
// item 10), so it is not judged.
func TimesAt(exp, iat *int64, now time.Time, skew time.Duration) []check.Finding {
	const want = "exp after now and iat not in the future"
	if exp == nil || iat == nil {
		return []check.Finding{Times.Fail(want, "exp or iat is missing (both REQUIRED)", check.Implementation)}
	}
	e, i := time.Unix(*exp, 0), time.Unix(*iat, 0)
	switch {
	case !e.After(now.Add(-skew)):
		return []check.Finding{Times.Failf(want, check.Implementation, "exp %s, now %s (skew %s allowed)", e.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), skew)}
	case i.After(now.Add(skew)):
		return []check.Finding{Times.Failf(want, check.Implementation, "iat %s, now %s (skew %s allowed)", i.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), skew)}
	}
	return nil
}
