package refserver

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseScope(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"a", []string{"a"}},
		{"a b", []string{"a", "b"}},
		{"toets:status x~1/y!", []string{"toets:status", "x~1/y!"}},
		{"", nil},
		{" a", nil},
		{"a ", nil},
		{"a  b", nil},
		{`a"b`, nil},
		{`a\b`, nil},
		{"a\tb", nil},
		{"é", nil},
	} {
		got, ok := parseScope(tc.in)
		assert.Equal(t, tc.want != nil, ok, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}
}

func TestParseBasic(t *testing.T) {
	enc := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		header     []string
		id, secret string
		ok         bool
	}{
		{[]string{enc("a:b")}, "a", "b", true},
		{[]string{enc("a%3Ab:c%2Bd+e")}, "a:b", "c+d e", true},
		{[]string{"basic " + base64.StdEncoding.EncodeToString([]byte("a:b"))}, "a", "b", true},
		{[]string{enc("a:b:c")}, "a", "b:c", true},
		{[]string{enc("ab")}, "", "", false},
		{[]string{enc(":b")}, "", "", false},
		{[]string{enc("a%zz:b")}, "", "", false},
		{[]string{"Bearer x"}, "", "", false},
		{[]string{"Basic"}, "", "", false},
		{[]string{enc("a:b"), enc("a:b")}, "", "", false},
	} {
		id, secret, ok := parseBasic(tc.header)
		assert.Equal(t, tc.ok, ok, "%q", tc.header)
		assert.Equal(t, tc.id, id, "%q", tc.header)
		assert.Equal(t, tc.secret, secret, "%q", tc.header)
	}
}

func FuzzParseScope(f *testing.F) {
	for _, s := range []string{"a b", "", "a  b", `"`, "eenofanderezorgaanbieder"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tokens, ok := parseScope(s)
		if ok && strings.Join(tokens, " ") != s {
			t.Fatalf("parseScope(%q) = %q, which does not join back", s, tokens)
		}
		if ok && !validErrorDescription(s) {
			t.Fatalf("scope %q has characters outside %%x20-7E", s)
		}
	})
}

func FuzzParseBasic(f *testing.F) {
	f.Add("a", "b")
	f.Add("a:b", "c d+e%")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, id, secret string) {
		header := "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret)))
		gotID, gotSecret, ok := parseBasic([]string{header})
		if ok != (id != "") || (ok && (gotID != id || gotSecret != secret)) {
			t.Fatalf("parseBasic of (%q, %q) = (%q, %q, %v)", id, secret, gotID, gotSecret, ok)
		}
	})
}

func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc", "bearer a.b~c+/=", "Bearer", "Bearer a b", "Basic x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		value, present, wellFormed := bearerToken([]string{header})
		if wellFormed && (!present || value == "" || strings.ContainsAny(value, " \t\"\\")) {
			t.Fatalf("bearerToken(%q) = (%q, %v, %v)", header, value, present, wellFormed)
		}
	})
}
