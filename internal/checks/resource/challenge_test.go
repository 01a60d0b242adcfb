package resource

import (
	"slices"
	"strings"
	"testing"

	"github.com/toets/toets/internal/check"
)

func ans(status int, challenges ...string) Answer {
	return Answer{Status: status, Challenges: challenges, Body: []byte(`{}`)}
}

func ids(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check)
	}
	return out
}

func TestRefusal(t *testing.T) {
	cases := []struct {
		name string
		a    Answer
		want []string
	}{
		// RFC 6750 §3's own example.
		{"the RFC's example", ans(401, `Bearer realm="example"`), nil},
		{"the RFC's invalid_token example", ans(401, `Bearer realm="example", error="invalid_token", error_description="The access token expired"`), nil},
		// oidc-provider: 400 with a Bearer challenge that names no error.
		// §3 asks for the header only; the status is a SHOULD.
		{"oidc-provider's 400 without a token", ans(400, `Bearer realm="http://localhost:3000"`), nil},
		// A UserInfo endpoint may call a client_credentials token "invalid
		// for other reasons" instead of insufficient_scope.
		{"UserInfo's 401 invalid_token for a token it does not take", ans(401, `Bearer realm="op", error="invalid_token"`), nil},
		{"403 insufficient_scope", ans(403, `Bearer error="insufficient_scope", scope="read"`), nil},
		{"two challenges, Bearer second", ans(401, `Basic realm="x"`, `Bearer realm="x"`), nil},
		{"scheme in lower case", ans(401, `bearer realm="x"`), nil},
		{"no challenge", ans(401), []string{BearerChallenged.ID}},
		{"only Basic", ans(401, `Basic realm="x"`), []string{BearerChallenged.ID}},
		{"broken syntax", ans(401, `Bearer realm="x`), []string{BearerChallenged.ID}},
		{"served", ans(200), []string{Refused.ID, BearerChallenged.ID}},
		{"served with a challenge", ans(200, `Bearer realm="x"`), []string{Refused.ID}},
		{"a server error", ans(500, `Bearer realm="x"`), []string{Refused.ID}},
	}
	for _, c := range cases {
		if got := ids(Refusal(c.a)); !slices.Equal(got, c.want) {
			t.Errorf("%s: findings %v, want %v", c.name, got, c.want)
		}
	}
}

func TestUnauthenticated(t *testing.T) {
	cases := []struct {
		name string
		a    Answer
		ok   bool
	}{
		{"the RFC's example", ans(401, `Bearer realm="example"`), true},
		{"no challenge at all (Refusal's finding)", ans(401), true},
		{"oidc-provider's 400", ans(400, `Bearer realm="op"`), false},
		{"an error code", ans(401, `Bearer realm="x", error="invalid_request"`), false},
		{"invalid_token", ans(401, `Bearer error="invalid_token"`), false},
		{"served", ans(200), false},
	}
	for _, c := range cases {
		if got := Unauthenticated(c.a); (len(got) == 0) != c.ok {
			t.Errorf("%s: findings %v, pass %v", c.name, ids(got), c.ok)
		}
	}
}

func TestInvalidAndInsufficient(t *testing.T) {
	cases := []struct {
		name                string
		a                   Answer
		invalid, insufficit bool
	}{
		{"401 invalid_token", ans(401, `Bearer realm="example", error="invalid_token", error_description="The access token expired"`), true, false},
		{"403 insufficient_scope", ans(403, `Bearer error="insufficient_scope", scope="read"`), false, true},
		{"403 invalid_token", ans(403, `Bearer error="invalid_token"`), false, false},
		{"401 without error", ans(401, `Bearer realm="x"`), false, false},
		{"401 with the code quoted as a token", ans(401, `Bearer error=invalid_token`), true, false},
		{"no challenge (Refusal's finding)", ans(401), true, false},
		{"served", ans(200), false, false},
	}
	for _, c := range cases {
		if got := Invalid(c.a); (len(got) == 0) != c.invalid {
			t.Errorf("%s: Invalid found %v, pass %v", c.name, ids(got), c.invalid)
		}
		if got := Insufficient(c.a); (len(got) == 0) != c.insufficit {
			t.Errorf("%s: Insufficient found %v, pass %v", c.name, ids(got), c.insufficit)
		}
	}
}

func TestMessageNamesTheSentence(t *testing.T) {
	msg := Refusal(ans(401))[0].Message()
	for _, want := range []string{"RFC 6750 §3", "MUST include", "resource.bearer-challenge", "implementation"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func FuzzRefusal(f *testing.F) {
	f.Add(401, `Bearer realm="x", error="invalid_token"`)
	f.Add(400, `Bearer ,,, realm=`)
	f.Fuzz(func(t *testing.T, status int, line string) {
		a := ans(status, line)
		Refusal(a)
		Unauthenticated(a)
		Invalid(a)
		Insufficient(a)
	})
}
