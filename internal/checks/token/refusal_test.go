package token

import (
	"testing"

	"github.com/toets/toets/internal/check"
)

func resp(status int, body string) check.Response {
	return check.Response{Status: status, ContentType: "application/json", Body: []byte(body)}
}

func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(check.Response) []check.Finding
		r     check.Response
		ok    bool
	}{
		// oidc-provider's answer, which toets used to fail.
		{"two methods: 400 invalid_request", TwoMethods, resp(400, `{"error":"invalid_request","error_description":"client authentication must only be provided using one mechanism"}`), true},
		{"two methods: 401 invalid_client", TwoMethods, resp(401, `{"error":"invalid_client"}`), true},
		{"two methods: 400 invalid_client after Basic", TwoMethods, resp(400, `{"error":"invalid_client"}`), false},
		{"two methods: invalid_grant (body ignored)", TwoMethods, resp(400, `{"error":"invalid_grant"}`), false},
		{"two methods: tokens", TwoMethods, resp(200, `{"access_token":"x","token_type":"Bearer"}`), false},
		{"no redirect_uri: invalid_request", MissingRedirectURI, resp(400, `{"error":"invalid_request"}`), true},
		{"no redirect_uri: tokens", MissingRedirectURI, resp(200, `{"access_token":"x"}`), false},
		// zitadel's answer: the grant does not match the redirect URI.
		{"no redirect_uri: invalid_grant", MissingRedirectURI, resp(400, `{"error":"invalid_grant"}`), true},
		{"no redirect_uri: unauthorized_client", MissingRedirectURI, resp(400, `{"error":"unauthorized_client"}`), false},
		{"no redirect_uri: not JSON", MissingRedirectURI, resp(400, `<html>`), false},
		{"twice: invalid_request", RepeatedParameter, resp(400, `{"error":"invalid_request"}`), true},
		{"twice: served with the first value", RepeatedParameter, resp(200, `{"access_token":"x"}`), false},
		{"twice: 401", RepeatedParameter, resp(401, `{"error":"invalid_request"}`), false},
		{"query: refused with invalid_request", QuerySecret, resp(400, `{"error":"invalid_request"}`), true},
		// oidc-provider never reads the URI: no client authentication.
		{"query: not read, invalid_client", QuerySecret, resp(401, `{"error":"invalid_client"}`), true},
		{"query: 400 invalid_client", QuerySecret, resp(400, `{"error":"invalid_client"}`), true},
		{"query: tokens", QuerySecret, resp(200, `{"access_token":"x","token_type":"Bearer"}`), false},
		{"query: 200 error body", QuerySecret, resp(200, `{"error":"invalid_request"}`), true},
	} {
		if got := tc.check(tc.r); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}

func TestGrantNotAuthorized(t *testing.T) {
	for _, tc := range []struct {
		name       string
		r          check.Response
		advertised bool
		ok         bool
	}{
		{"advertised: unauthorized_client", resp(400, `{"error":"unauthorized_client"}`), true, true},
		{"advertised: unsupported_grant_type", resp(400, `{"error":"unsupported_grant_type"}`), true, false},
		// A server that has no client_credentials at all, and says so.
		{"not advertised: unsupported_grant_type", resp(400, `{"error":"unsupported_grant_type"}`), false, true},
		{"not advertised: unauthorized_client", resp(400, `{"error":"unauthorized_client"}`), false, true},
		// oidc-provider's and authlib's misreadings.
		{"invalid_client for an authenticated client", resp(401, `{"error":"invalid_client"}`), true, false},
		{"invalid_request", resp(400, `{"error":"invalid_request"}`), false, false},
		{"tokens", resp(200, `{"access_token":"x","token_type":"Bearer"}`), false, false},
	} {
		if got := GrantNotAuthorized(tc.r, tc.advertised); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}

func TestRefreshWider(t *testing.T) {
	const granted = "openid 48"
	for _, tc := range []struct {
		name string
		r    check.Response
		ok   bool
	}{
		{"refused with invalid_scope", resp(400, `{"error":"invalid_scope"}`), true},
		// The answer of a careful server that ignores the extra scope
		// (§3.3), which toets used to fail.
		{"extra scope ignored, scope named", resp(200, `{"access_token":"x","token_type":"Bearer","scope":"48 openid"}`), true},
		{"narrower than granted", resp(200, `{"access_token":"x","token_type":"Bearer","scope":"48"}`), true},
		{"extra scope granted", resp(200, `{"access_token":"x","token_type":"Bearer","scope":"openid 48 toets-unknown"}`), false},
		{"no scope member: the scope requested", resp(200, `{"access_token":"x","token_type":"Bearer"}`), false},
		{"refused with invalid_grant", resp(400, `{"error":"invalid_grant"}`), false},
		{"200 without a token", resp(200, `{}`), false},
	} {
		if got := RefreshWider(tc.r, granted); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}

func TestMethodRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    check.Response
		ok   bool
	}{
		{"405 without a body", check.Response{Status: 405}, true},
		{"405 with an error", resp(405, `{"error":"invalid_request"}`), true},
		{"400 invalid_request", resp(400, `{"error":"invalid_request"}`), true},
		{"served like a POST", resp(200, `{"access_token":"x"}`), false},
		{"the grant looked at", resp(400, `{"error":"invalid_grant"}`), false},
	} {
		if got := MethodRefused(tc.r); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}

func TestPostClientAccepted(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    check.Response
		ok   bool
	}{
		{"the grant refused, the client accepted", resp(400, `{"error":"invalid_grant"}`), true},
		{"the client refused", resp(401, `{"error":"invalid_client"}`), false},
		{"the client refused with 400", resp(400, `{"error":"invalid_client"}`), false},
		{"tokens for a code never issued", resp(200, `{"access_token":"x"}`), false},
	} {
		if got := PostClientAccepted(tc.r); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}

func TestCCScope(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    check.Response
		ok   bool
	}{
		{"the scope refused", resp(400, `{"error":"invalid_scope"}`), true},
		// A MedMij server has only the code flow.
		{"no client_credentials at all", resp(400, `{"error":"unsupported_grant_type"}`), true},
		{"not for this client", resp(400, `{"error":"unauthorized_client"}`), true},
		{"a token for the data scope", resp(200, `{"access_token":"x","scope":"48"}`), false},
		{"invalid_request", resp(400, `{"error":"invalid_request"}`), false},
	} {
		if got := CCScope(tc.r); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}
