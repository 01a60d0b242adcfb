package oauth

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChallengeSchemes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		want   []string
	}{
		{"none", nil, nil},
		{"empty", []string{""}, nil},
		{"basic with realm", []string{`Basic realm="toets"`}, []string{"basic"}},
		{"scheme alone", []string{"Bearer"}, []string{"bearer"}},
		{"case kept out", []string{`BASIC realm="x"`}, []string{"basic"}},
		{"two challenges", []string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`}, []string{"newauth", "basic"}},
		{"comma in quotes", []string{`Basic realm="a, b=c"`}, []string{"basic"}},
		{"two header lines", []string{`Bearer realm="x"`, `Basic`}, []string{"bearer", "basic"}},
		{"param with spaces", []string{`Basic realm = "x", charset = "UTF-8"`}, []string{"basic"}},
		{"not a token", []string{`"quoted"`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ChallengeSchemes(tc.values))
		})
	}
}

func FuzzChallengeSchemes(f *testing.F) {
	for _, s := range []string{`Basic realm="toets"`, `Newauth realm="apps", type=1, Basic`, `"`, `a=b, c`, `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, scheme := range ChallengeSchemes([]string{s}) {
			if !isToken(scheme) {
				t.Fatalf("scheme %q of %q is not a token", scheme, s)
			}
		}
	})
}
