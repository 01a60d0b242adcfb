package authorization

import (
	"strings"
	"testing"
)

func TestChallengeRefused(t *testing.T) {
	cases := []struct {
		name  string
		a     Answer
		fails bool
	}{
		{"invalid_request at the client", Answer{Callback: params("error=invalid_request&state=s"), Status: 302}, false},
		{"an error page", Answer{Status: 400}, false},
		// A server that takes the challenge as given breaks no sentence of
		// its own: a finding, which the @should tag makes a warning.
		{"accepted", Answer{Status: 200}, true},
		{"accepted, to the identity provider", Answer{Status: 302, Elsewhere: true}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := ChallengeRefused(c.a)
			if (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
			for _, f := range fs {
				if !strings.Contains(f.Message(), "binds the client") {
					t.Errorf("the message does not say whose sentence it is: %s", f.Message())
				}
			}
		})
	}
}

func TestRepeatRefused(t *testing.T) {
	cases := []struct {
		name  string
		a     Answer
		fails bool
	}{
		{"invalid_request", Answer{Callback: params("error=invalid_request&state=s"), Status: 302}, false},
		{"the first value taken", Answer{Status: 200}, true},
		{"another error", Answer{Callback: params("error=invalid_scope&state=s"), Status: 302}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := RepeatRefused(c.a)
			if (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
			for _, f := range fs {
				if !strings.Contains(f.Message(), "binds the client") {
					t.Errorf("the message does not say whose sentence it is: %s", f.Message())
				}
			}
		})
	}
}
