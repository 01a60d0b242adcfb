package token

import (
	"testing"

	"github.com/toets/toets/internal/check"
)

func TestNewRefreshToken(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    check.Response
		ok   bool
	}{
		{"rotated", resp(200, `{"access_token":"a","token_type":"Bearer","refresh_token":"new"}`), true},
		{"the same one back", resp(200, `{"access_token":"a","token_type":"Bearer","refresh_token":"old"}`), false},
		{"none", resp(200, `{"access_token":"a","token_type":"Bearer"}`), false},
		{"refused", resp(400, `{"error":"invalid_grant"}`), false},
	} {
		if got := NewRefreshToken(tc.r, "old"); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}

func TestOldRefresh(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    check.Response
		ok   bool
	}{
		{"refused", resp(400, `{"error":"invalid_grant"}`), true},
		// RFC 6749 §6 lets a server keep the old token valid: a warning.
		{"still valid", resp(200, `{"access_token":"a","refresh_token":"newer"}`), false},
		{"invalid_request", resp(400, `{"error":"invalid_request"}`), false},
	} {
		if got := OldRefresh(tc.r); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}
