package scope

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"eenofanderezorgaanbieder", 1, true},
		{"openid toets:status nav:trygdeopplysninger.les", 3, true},
		{"a!#[]~", 1, true},
		{"", 0, false},
		{"a  b", 0, false},
		{" a", 0, false},
		{"a ", 0, false},
		{`"quoted"`, 0, false},
		{`back\slash`, 0, false},
		{"tab\there", 0, false},
		{"zorg\u00e9", 0, false},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err == nil) != tt.ok || len(got) != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %d tokens, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestCheckPrefixed(t *testing.T) {
	for in, ok := range map[string]bool{"nav:trygdeopplysninger.les": true, "nav": false, ":x": false, "x:": false, "a b:c": false} {
		if err := CheckPrefixed(in); (err == nil) != ok {
			t.Errorf("CheckPrefixed(%q) = %v, want ok %v", in, err, ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"a b", "a  b", `"`, "x:y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tokens, err := Parse(s)
		if err != nil {
			return
		}
		if strings.Join(tokens, " ") != s {
			t.Fatalf("tokens %q do not join back to %q", tokens, s)
		}
		for _, tok := range tokens {
			if strings.ContainsAny(tok, " \"\\") {
				t.Fatalf("token %q holds a forbidden character", tok)
			}
		}
	})
}

func TestGrantsWrite(t *testing.T) {
	for tok, want := range map[string]bool{"nav:trygdeopplysninger.write": true, "nav:trygdeopplysninger": false, "nav:trygdeopplysninger.les": false, "write": false} {
		if got := GrantsWrite(tok); got != want {
			t.Errorf("GrantsWrite(%q) = %v, want %v", tok, got, want)
		}
	}
}
