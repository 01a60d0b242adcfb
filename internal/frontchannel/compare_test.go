package frontchannel

import (
	"net/url"
	"strings"
	"testing"
)

func TestAnswerDifferences(t *testing.T) {
	refusal := "https://pgo.example/cb?error=access_denied&state=s1&iss=https%3A%2F%2Fas.example"
	tests := []struct {
		name, other string
		want        []string // substrings, one per difference
	}{
		{"same apart from state", "https://pgo.example/cb?error=access_denied&state=s2&iss=https%3A%2F%2Fas.example", nil},
		{"revealing description", "https://pgo.example/cb?error=access_denied&error_description=no+data&state=s2", []string{`error_description is absent in the first answer but "no data"`, "iss"}},
		{"other error", "https://pgo.example/cb?error=server_error&state=s2&iss=https%3A%2F%2Fas.example", []string{"error is \"access_denied\""}},
		{"a code, never shown", "https://pgo.example/cb?code=SECRET&state=s2&iss=https%3A%2F%2Fas.example", []string{"code is absent in the first answer but present", "error is"}},
		{"elsewhere", "https://pgo.example/other?error=access_denied&state=s2&iss=https%3A%2F%2Fas.example", []string{"sent to https://pgo.example/other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := url.Parse(refusal)
			b, _ := url.Parse(tt.other)
			got := AnswerDifferences(a, b)
			if len(got) != len(tt.want) {
				t.Fatalf("AnswerDifferences = %q, want %d differences", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("difference %d = %q, want it to contain %q", i, got[i], w)
				}
			}
			for _, g := range got {
				if strings.Contains(g, "SECRET") {
					t.Errorf("a difference shows the code: %q", g)
				}
			}
		})
	}
	if got := AnswerDifferences(nil, nil); len(got) != 1 {
		t.Errorf("AnswerDifferences(nil, nil) = %q", got)
	}
}
