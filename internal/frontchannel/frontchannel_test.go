package frontchannel

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestLinks(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"none", `<p>Er is iets misgegaan</p>`, nil},
		{"double quoted", `<a href="https://pgo.example/cb?error=x&amp;state=1">terug</a>`, []string{"https://pgo.example/cb?error=x&state=1"}},
		{"single quoted form", `<form method=post action='/oauth/login'>`, []string{"/oauth/login"}},
		{"unquoted", `<a href=https://pgo.example/>x</a>`, []string{"https://pgo.example/"}},
		{"meta refresh", `<meta http-equiv="refresh" content="0; url=https://pgo.example/cb">`, []string{"https://pgo.example/cb"}},
		{"upper case attribute", `<A HREF="https://pgo.example/">`, []string{"https://pgo.example/"}},
		{"button formaction", `<button formaction="https://pgo.example/x">`, []string{"https://pgo.example/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Links([]byte(tt.body)); !slices.Equal(got, tt.want) {
				t.Errorf("Links = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLinksToHost(t *testing.T) {
	body := []byte(`<a href="/help">help</a> <a href="https://PGO.example:8443/cb">terug</a> <a href="https://other.example/">x</a>`)
	if got := LinksToHost(body, "pgo.example"); len(got) != 1 {
		t.Errorf("LinksToHost = %q, want the one link to pgo.example", got)
	}
	if got := LinksToHost(body, "absent.example"); len(got) != 0 {
		t.Errorf("LinksToHost = %q, want none", got)
	}
}

func TestFormTargets(t *testing.T) {
	body := []byte(`<a href="https://x.example/">x</a><form method="post" action="/oauth/login"><button formaction='http://evil.example/p'>`)
	want := []string{"/oauth/login", "http://evil.example/p"}
	if got := FormTargets(body); !slices.Equal(got, want) {
		t.Errorf("FormTargets = %q, want %q", got, want)
	}
}

func TestAsksForPassword(t *testing.T) {
	for body, want := range map[string]bool{
		`<input id="password" name="password" type="password" required>`: true,
		`<INPUT TYPE=password name=p>`:                                   true,
		`<input name="username">`:                                        false,
		`<p>Fout</p>`:                                                    false,
	} {
		if got := AsksForPassword([]byte(body)); got != want {
			t.Errorf("AsksForPassword(%s) = %v, want %v", body, got, want)
		}
	}
}

func TestFramingForbidden(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   bool
	}{
		{"nothing", http.Header{}, false},
		{"xfo deny", http.Header{"X-Frame-Options": {"DENY"}}, true},
		{"xfo sameorigin lower case", http.Header{"X-Frame-Options": {" sameorigin "}}, true},
		{"xfo allow-from is obsolete", http.Header{"X-Frame-Options": {"ALLOW-FROM https://a.example"}}, false},
		{"csp none", http.Header{"Content-Security-Policy": {"default-src 'self'; frame-ancestors 'none'"}}, true},
		{"csp self", http.Header{"Content-Security-Policy": {"FRAME-ANCESTORS 'self'"}}, true},
		{"csp empty list is none", http.Header{"Content-Security-Policy": {"frame-ancestors;"}}, true},
		{"csp wildcard", http.Header{"Content-Security-Policy": {"frame-ancestors *"}}, false},
		{"csp any https", http.Header{"Content-Security-Policy": {"frame-ancestors https:"}}, false},
		{"csp without directive", http.Header{"Content-Security-Policy": {"default-src 'none'"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, how := FramingForbidden(tt.header); got != tt.want {
				t.Errorf("FramingForbidden = %v (%s), want %v", got, how, tt.want)
			}
		})
	}
}

func TestFrameAncestorsFirstOccurrenceCounts(t *testing.T) {
	got, ok := FrameAncestors("frame-ancestors 'none'; frame-ancestors *")
	if !ok || !slices.Equal(got, []string{"'none'"}) {
		t.Errorf("FrameAncestors = %q, %v", got, ok)
	}
}

func TestEntropyBits(t *testing.T) {
	tests := []struct {
		value    string
		min, max float64
	}{
		{"", 0, 0},
		{"123456", 19, 20},                                        // 6 digits
		{strings.Repeat("z", 32), 150, 151},                       // lower case only: 32 × log2 26
		{"0123456789abcdef0123456789abcdef", 128, 128},            // 32 hex characters
		{"Zx1_-9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789a", 250, 260}, // 43 base64url characters
	}
	for _, tt := range tests {
		if got := EntropyBits(tt.value); got < tt.min || got > tt.max {
			t.Errorf("EntropyBits(%q) = %.1f, want between %.0f and %.0f", tt.value, got, tt.min, tt.max)
		}
	}
}

func FuzzLinks(f *testing.F) {
	f.Add([]byte(`<a href="https://pgo.example/cb">x</a><meta content="0;url=/x">`))
	f.Add([]byte(`<form action='`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, l := range Links(body) {
			if l != strings.TrimSpace(l) {
				t.Fatalf("link %q keeps surrounding space", l)
			}
		}
		LinksToHost(body, "pgo.example")
		for _, f := range FormTargets(body) {
			if f != strings.TrimSpace(f) {
				t.Fatalf("form target %q keeps surrounding space", f)
			}
		}
		AsksForPassword(body)
	})
}

func FuzzFrameAncestors(f *testing.F) {
	f.Add("default-src 'self'; frame-ancestors 'none'")
	f.Add(";;frame-ancestors")
	f.Fuzz(func(t *testing.T, policy string) {
		sources, ok := FrameAncestors(policy)
		if !ok && sources != nil {
			t.Fatalf("no directive but sources %q", sources)
		}
		for _, s := range sources {
			if s == "" || strings.ContainsAny(s, " ;") {
				t.Fatalf("source %q is not one token", s)
			}
		}
	})
}

func FuzzEntropyBits(f *testing.F) {
	f.Add("abc")
	f.Add("Zx1_-9aBc")
	f.Fuzz(func(t *testing.T, v string) {
		bits := EntropyBits(v)
		// No alphabet is larger than printable ASCII (94 characters).
		if bits < 0 || bits > float64(len(v))*6.56 {
			t.Fatalf("EntropyBits(%q) = %f", v, bits)
		}
	})
}
