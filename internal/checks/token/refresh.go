package token

import (
	"encoding/json"

	"github.com/toets/toets/internal/check"
)

// The sentences of refresh-token rotation.
var (
	medmijNewRefresh = check.Source{Doc: "MedMij afsprakenstelsel", Section: "Autoriseren", Quote: "Hierbij wordt een geldig refreshtoken ingeruild voor een access-token en een nieuw refresh-token met een geldigheidsduur van een half jaar. [a new refresh token: MUST]"}
	rfc9700_4_14_2   = check.Source{Doc: "RFC 9700", Section: "4.14.2", Quote: "Refresh token rotation: the authorization server issues a new refresh token with every access token refresh response. The previous refresh token is invalidated but information about the relationship is retained by the authorization server. [a MUST for public clients; for confidential clients RFC 6749 §6 says the server \"MAY revoke the old refresh token\": SHOULD]"}
)

// The refresh checks, by ID.
var (
	RefreshRotated    = check.Unit{ID: "token.refresh-new-token", Source: medmijNewRefresh, What: "refresh_token in a refresh response"}
	OldRefreshRefused = check.Unit{ID: "token.refresh-old-refused", Source: rfc9700_4_14_2, What: "the answer to a refresh with a refresh token that a refresh has already replaced"}
)

// NewRefreshToken judges a refresh response: it holds a refresh token, and
// not the one presented.
func NewRefreshToken(r check.Response, presented string) []check.Finding {
	var m struct {
		RefreshToken string `json:"refresh_token"`
	}
	_ = json.Unmarshal(r.Body, &m)
	const want = "a new refresh_token, different from the one presented"
	switch {
	case r.Status != 200:
		return []check.Finding{RefreshRotated.Fail(want, r.Answer(), check.Implementation)}
	case m.RefreshToken == "":
		return []check.Finding{RefreshRotated.Fail(want, "no refresh_token", check.Implementation)}
	case m.RefreshToken == presented:
		return []check.Finding{RefreshRotated.Fail(want, "the same refresh_token that was presented", check.Implementation)}
	}
	return nil
}

// OldRefresh judges a second refresh with the replaced token: refused as
// an invalid grant.
func OldRefresh(r check.Response) []check.Finding {
	return refused(OldRefreshRefused, r, Refusal{400, []string{"invalid_grant"}})
}
