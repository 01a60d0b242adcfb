package steps

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	idcheck "github.com/toets/toets/internal/checks/idtoken"
	"github.com/toets/toets/internal/idtoken"
	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
)

// clockSkew is what the time checks allow between the target's clock and
// toets's.
const clockSkew = 2 * time.Minute

// The ID token checks a client makes before it believes who logged in
// (OIDC Core §3.1.3.7).
func registerIDToken(sc *godog.ScenarioContext) {
	sc.Step(`^the user with data has authorized the primary client for OpenID Connect with a nonce$`, hasAuthorizedOpenID)
	sc.Step(`^the ID token (is signed with a key of the server's JWKS|is signed with the client's registered algorithm|names the issuer|names the client as audience|is unexpired and was not issued in the future|echoes the nonce of the authorization request|binds the access token with at_hash where present)$`, idTokenHolds)
}

// hasAuthorizedOpenID runs the front channel with the openid scope next to
// the data service's, and a fresh nonce.
func hasAuthorizedOpenID(ctx context.Context) error {
	if err := startAuthorization(ctx, "primary"); err != nil {
		return err
	}
	w := WorldFrom(ctx)
	w.authz.Set("scope", w.env.Target.File.Scopes.Granted+" openid")
	w.nonce = oauth.Random(16)
	w.authz.Add("nonce", w.nonce)
	if err := logInAndDecide(ctx, "with data", "approves"); err != nil {
		return err
	}
	require.NotEmptyf(T(ctx), w.code, "precondition: the authorization flow must end with a code at the redirect URI; received %s", redirectSummary(w.callback))
	return nil
}

// idTokenHolds runs one check of §3.1.3.7 on the ID token of the last
// token response.
func idTokenHolds(ctx context.Context, what string) error {
	w := WorldFrom(ctx)
	if w.tokens == nil {
		return outcome.Harness("no token response with an access token was received in this scenario")
	}
	raw, _ := w.tokens.Raw["id_token"].(string)
	if raw == "" {
		expect(ctx, false, "the id_token of the token response to an openid request (OIDC Core §3.1.3.3)", "an ID token", "no id_token member", implementation)
		return nil
	}
	tok, err := idtoken.Parse(raw)
	if err != nil {
		expect(ctx, false, "the ID token's form (OIDC Core §2: a JWT, RFC 7519)", "a compact JWS with JSON header and claims", err.Error(), implementation)
		return nil
	}
	c := tok.Claims
	switch what {
	case "is signed with a key of the server's JWKS":
		return idTokenSignature(ctx, tok)
	case "is signed with the client's registered algorithm":
		report(ctx, idcheck.Alg(tok.Header.Alg, w.client.IDTokenAlg))
	case "names the issuer":
		issuer := w.env.Target.File.Issuer
		if issuer == "" {
			return outcome.Missing("issuer", "the ID token's iss has nothing to be compared with")
		}
		expectEqual(ctx, issuer, c.Iss, "the ID token's iss, exactly the issuer (OIDC Core §3.1.3.7 item 2)", implementation)
	case "names the client as audience":
		id := w.client.ClientID
		expect(ctx, slices.Contains(c.Aud, id), "the ID token's aud (OIDC Core §3.1.3.7 item 3: it must contain the client_id)", id, orNone(strings.Join(c.Aud, ", ")), implementation)
	case "is unexpired and was not issued in the future":
		report(ctx, idcheck.TimesAt(c.Exp, c.Iat, time.Now(), clockSkew))
	case "echoes the nonce of the authorization request":
		expectEqual(ctx, w.nonce, c.Nonce, "the ID token's nonce, the one the authorization request sent (OIDC Core §3.1.3.7 item 11)", implementation)
	case "binds the access token with at_hash where present":
		if c.AtHash == "" {
			w.Note("the ID token has no at_hash; it is OPTIONAL in the code flow (OIDC Core §3.1.3.6), so there is nothing to compare")
			return nil
		}
		want, err := idtoken.AtHash(tok.Header.Alg, w.tokens.AccessToken)
		if err != nil {
			expect(ctx, false, "the ID token's at_hash (OIDC Core §3.1.3.6)", "an at_hash with the hash of the token's alg", err.Error(), implementation)
			return nil
		}
		expectEqual(ctx, want, c.AtHash, "the ID token's at_hash: the left half of the hash of the access token (OIDC Core §3.1.3.6)", implementation)
	}
	return nil
}

// idTokenSignature verifies the signature with the key set the metadata
// names (OIDC Core §3.1.3.7 item 6; jwks_uri is REQUIRED for an OpenID
// provider).
func idTokenSignature(ctx context.Context, tok *idtoken.Token) error {
	w := WorldFrom(ctx)
	if w.env.Target.Endpoints.JWKS == "" {
		expect(ctx, false, "the key set to verify the ID token with (OIDC Discovery §3: jwks_uri is REQUIRED)", "a jwks_uri in the metadata", "none", implementation)
		return nil
	}
	if err := fetchJWKS(ctx); err != nil {
		return err
	}
	err := tok.Verify(w.jwks.Body)
	expect(ctx, err == nil, "the ID token's signature (OIDC Core §3.1.3.7 item 6), verified with the key set at "+w.jwksURL, "a valid signature by a key of the set", problem(err), implementation)
	return nil
}

// problem says what a check found, for a report.
func problem(err error) string {
	if err == nil {
		return "no problem"
	}
	return err.Error()
}
