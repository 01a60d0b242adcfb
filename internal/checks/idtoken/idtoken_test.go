package idtoken

import (
	"testing"
	"time"
)

func TestAlg(t *testing.T) {
	cases := []struct {
		alg, registered string
		ok              bool
	}{
		{"RS256", "", true},
		{"RS256", "RS256", true},
		// A client that registered ES256 or HS256 gets what it asked for.
		{"ES256", "ES256", true},
		{"HS256", "HS256", true},
		// Code flow: none is allowed when the client registered it (§2).
		{"none", "none", true},
		{"none", "", false},
		{"ES256", "", false},
		{"RS256", "PS256", false},
		{"HS256", "", false},
	}
	for _, c := range cases {
		if got := Alg(c.alg, c.registered); (len(got) == 0) != c.ok {
			t.Errorf("alg %q registered %q: findings %v, pass %v", c.alg, c.registered, got, c.ok)
		}
	}
}

func TestTimes(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	at := func(d time.Duration) *int64 { v := now.Add(d).Unix(); return &v }
	cases := []struct {
		name     string
		exp, iat *int64
		ok       bool
	}{
		{"fresh", at(time.Hour), at(0), true},
		// An ID token from a login an hour ago, refreshed: iat is not
		// "just now", and need not be.
		{"issued a day and more ago", at(time.Hour), at(-30 * time.Hour), true},
		{"iat a minute ahead (skew)", at(time.Hour), at(time.Minute), true},
		{"iat ten minutes ahead", at(time.Hour), at(10 * time.Minute), false},
		{"expired ten minutes ago", at(-10 * time.Minute), at(-time.Hour), false},
		{"expired a minute ago (skew)", at(-time.Minute), at(-time.Hour), true},
		{"no exp", nil, at(0), false},
		{"no iat", at(time.Hour), nil, false},
	}
	for _, c := range cases {
		if got := TimesAt(c.exp, c.iat, now, 2*time.Minute); (len(got) == 0) != c.ok {
			t.Errorf("%s: findings %v, pass %v", c.name, got, c.ok)
		}
	}
}
