package wwwauth

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		want   []Challenge
		errHas string
	}{
		{name: "absent", lines: nil, want: nil},
		{name: "bare scheme", lines: []string{"Bearer"}, want: []Challenge{{Scheme: "Bearer", Params: map[string]string{}}}},
		{name: "realm", lines: []string{`Bearer realm="example"`}, want: []Challenge{{Scheme: "Bearer", Params: map[string]string{"realm": "example"}}}},
		{
			name:  "RFC 6750 §3 example",
			lines: []string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
			want:  []Challenge{{Scheme: "Bearer", Params: map[string]string{"realm": "example", "error": "invalid_token", "error_description": "The access token expired"}}},
		},
		{
			name:  "case-insensitive names, token values, BWS",
			lines: []string{`bearer ERROR = invalid_token ,Scope="a b"`},
			want:  []Challenge{{Scheme: "bearer", Params: map[string]string{"error": "invalid_token", "scope": "a b"}}},
		},
		{
			name:  "escapes and commas inside quotes",
			lines: []string{`Bearer realm="a \"b\", c\\d", error="insufficient_scope"`},
			want:  []Challenge{{Scheme: "Bearer", Params: map[string]string{"realm": `a "b", c\d`, "error": "insufficient_scope"}}},
		},
		{
			name:  "two challenges in one line",
			lines: []string{`Basic realm="error=invalid_token", Bearer realm="x", error="invalid_token"`},
			want: []Challenge{
				{Scheme: "Basic", Params: map[string]string{"realm": "error=invalid_token"}},
				{Scheme: "Bearer", Params: map[string]string{"realm": "x", "error": "invalid_token"}},
			},
		},
		{
			name:  "two lines, bare schemes, empty elements",
			lines: []string{"Negotiate, ,", "Bearer"},
			want:  []Challenge{{Scheme: "Negotiate", Params: map[string]string{}}, {Scheme: "Bearer", Params: map[string]string{}}},
		},
		{
			name:  "token68",
			lines: []string{"Negotiate abc+/=="},
			want:  []Challenge{{Scheme: "Negotiate", Token68: "abc+/==", Params: map[string]string{}}},
		},
		{
			name:  "token68 then another challenge",
			lines: []string{"Negotiate abc=, Bearer error=invalid_request"},
			want:  []Challenge{{Scheme: "Negotiate", Token68: "abc=", Params: map[string]string{}}, {Scheme: "Bearer", Params: map[string]string{"error": "invalid_request"}}},
		},
		{name: "unterminated quote", lines: []string{`Bearer realm="x`}, errHas: "not closed"},
		{name: "duplicate parameter", lines: []string{`Bearer error="a", Error="b"`}, errHas: "twice"},
		{name: "no value", lines: []string{`Bearer a="b", realm=`}, errHas: "no value"},
		{name: "lone name= is a token68", lines: []string{`Bearer realm=`}, want: []Challenge{{Scheme: "Bearer", Token68: "realm=", Params: map[string]string{}}}},
		{name: "no space after scheme", lines: []string{`Bearer"x"`}, errHas: "space"},
		{name: "control character in quotes", lines: []string{"Bearer realm=\"a\x01\""}, errHas: "not allowed"},
		{name: "garbage after value", lines: []string{`Bearer realm="a" error="b"`}, errHas: "comma"},
		{name: "no scheme", lines: []string{`="x"`}, errHas: "auth-scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.lines)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("error = %v, want one containing %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d challenges %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.Scheme != w.Scheme || g.Token68 != w.Token68 || len(g.Params) != len(w.Params) {
					t.Fatalf("challenge %d = %+v, want %+v", i, g, w)
				}
				for k, v := range w.Params {
					if gv, ok := g.Param(k); !ok || gv != v {
						t.Errorf("challenge %d param %s = %q (present %v), want %q", i, k, gv, ok, v)
					}
				}
			}
		})
	}
}

func TestFind(t *testing.T) {
	cs, err := Parse([]string{`Basic realm="r", BEARER error="invalid_token"`})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := Find(cs, "bearer")
	if !ok || c.Params["error"] != "invalid_token" {
		t.Fatalf("Find = %+v, %v", c, ok)
	}
	if _, ok := Find(cs, "DPoP"); ok {
		t.Fatal("found a scheme that is not there")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`Bearer`, `Bearer realm="x", error="invalid_token"`, `Basic realm="a\"b", Bearer scope="a b"`, `Negotiate abc==, Bearer`, `a b=c, d`, `"`, `x ,,, y z="\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := Parse([]string{s})
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.Scheme == "" {
				t.Fatalf("a challenge without a scheme from %q", s)
			}
			for _, ch := range []byte(c.Scheme) {
				if !isTchar(ch) {
					t.Fatalf("scheme %q holds a non-token character", c.Scheme)
				}
			}
			for k := range c.Params {
				if k != strings.ToLower(k) || k == "" {
					t.Fatalf("parameter name %q is not lower-cased or empty", k)
				}
			}
		}
	})
}
