package token

import "testing"

func TestBasicChallenge(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		ok    bool
	}{
		{"none", nil, false},
		{"empty", []string{""}, false},
		{"basic with realm", []string{`Basic realm="toets"`}, true},
		{"scheme alone", []string{"Basic"}, true},
		{"upper case", []string{`BASIC realm="x"`}, true},
		// RFC 9110 §11.6.1's own example: two challenges in one line.
		{"two challenges", []string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`}, true},
		{"comma in quotes", []string{`Basic realm="a, b=c"`}, true},
		{"two header lines", []string{`Bearer realm="x"`, `Basic`}, true},
		{"bearer only", []string{`Bearer realm="x"`}, false},
		{"not a challenge", []string{`"quoted"`}, false},
	} {
		if got := BasicChallenge(tc.lines); (len(got) == 0) != tc.ok {
			t.Errorf("%s: findings %v, want ok=%v", tc.name, got, tc.ok)
		}
	}
}
