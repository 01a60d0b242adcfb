package steps

import (
	"context"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/checks/resource"
	"github.com/toets/toets/internal/jwtat"
	"github.com/toets/toets/internal/outcome"
)

// The checks of a JWT access token (RFC 9068). They judge the token a
// resource server receives; an opaque token has none of them.
func registerJWTAccessToken(sc *godog.ScenarioContext) {
	sc.Step(`^the access token, where it is a JWT, (is typed at\+jwt|is signed, not with alg none|is signed with an asymmetric algorithm|is signed with a key of the server's JWKS|carries iss, exp, aud, sub, client_id, iat and jti)$`, jwtAccessTokenHolds)
}

func jwtAccessTokenHolds(ctx context.Context, what string) error {
	w := WorldFrom(ctx)
	if w.tokens == nil || w.tokens.AccessToken == "" {
		return outcome.Harness("no token response with an access token was received in this scenario")
	}
	raw := w.tokens.AccessToken
	if !jwtat.IsJWT(raw) {
		return outcome.NotApplicable("the access token is opaque, not a JWT (RFC 6749 §1.4 allows either); RFC 9068 judges JWT access tokens only")
	}
	tok, err := jwtat.Parse(raw)
	if err != nil {
		expect(ctx, false, "the JWT access token's form (RFC 9068 §2, RFC 7519 §7.2)", "a compact JWS with a JSON header and a JSON claims set", err.Error(), implementation)
		return nil
	}
	switch what {
	case "is typed at+jwt":
		err := tok.CheckTyp()
		expect(ctx, err == nil, "the typ header of the JWT access token (RFC 9068 §2.1: MUST be at+jwt; RFC 8725 §3.11: so that no other JWT, such as an ID token, passes for it)", `"at+jwt" or "application/at+jwt"`, problem(err), implementation)
	case "is signed, not with alg none":
		report(ctx, resource.JWTAlgSigned(tok.Header.Alg, raw[strings.LastIndex(raw, ".")+1:]))
	case "is signed with an asymmetric algorithm":
		report(ctx, resource.JWTAlgAsymmetric(tok.Header.Alg))
	case "is signed with a key of the server's JWKS":
		if w.env.Target.Endpoints.JWKS == "" {
			expect(ctx, false, "the key set to verify the JWT access token with (RFC 9068 §4: the keys published at the issuer's jwks_uri)", "a jwks_uri in the metadata", "none", implementation)
			return nil
		}
		if err := fetchJWKS(ctx); err != nil {
			return err
		}
		err := tok.Verify(w.jwks.Body)
		expect(ctx, err == nil, "the JWT access token's signature (RFC 9068 §4), verified with the key set at "+w.jwksURL, "a valid signature by a key of the set", problem(err), implementation)
	case "carries iss, exp, aud, sub, client_id, iat and jti":
		issuer := w.env.Target.File.Issuer
		if issuer == "" {
			return outcome.Missing("issuer", "the JWT access token's iss has nothing to be compared with")
		}
		problems := tok.CheckClaims(issuer)
		expect(ctx, len(problems) == 0, "the claims of the JWT access token (RFC 9068 §2.2: REQUIRED; §4: iss MUST exactly match the issuer)", "iss (the issuer), exp, aud, sub, client_id, iat and jti", strings.Join(problems, "; "), implementation)
	}
	return nil
}
