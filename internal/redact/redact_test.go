package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"text/template"
)

// longSecret holds every character some encoding escapes: space, the
// HTML specials, the URL reserved set, a backslash and a non-ASCII letter.
const longSecret = `s3cr3t/with+special=chars &<>'"\%?#é`

// encodings are the spellings in which a server may echo a value it was
// sent. Each is tested on its own, so a missing one shows by name.
var encodings = []struct {
	name   string
	encode func(string) string
}{
	{"raw", func(s string) string { return s }},
	{"query escape (+ for space, upper hex)", url.QueryEscape},
	{"query escape, %20 for space", func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }},
	{"query escape, lower hex", func(s string) string { return lowerHex(url.QueryEscape(s)) }},
	{"query escape, %20, lower hex", func(s string) string { return lowerHex(strings.ReplaceAll(url.QueryEscape(s), "+", "%20")) }},
	{"path escape", url.PathEscape},
	{"every byte percent-encoded", percentAll},
	{"percent-encoded twice", func(s string) string { return url.QueryEscape(url.QueryEscape(s)) }},
	{"html.EscapeString (&#39; &#34;)", html.EscapeString},
	{"template.HTMLEscapeString", template.HTMLEscapeString},
	{"&quot; and &#x27;", func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(s)
	}},
	{"&apos; and &#039;", func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#034;", "'", "&apos;").Replace(s)
	}},
	{"every character a numeric reference", func(s string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, "&#x%X;", r)
		}
		return b.String()
	}},
	{"html-escaped query escape", func(s string) string { return html.EscapeString(url.QueryEscape(s)) }},
	{"json (\\u0026 \\u003c)", jsonString},
	{"json without HTML escaping", func(s string) string {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		_ = e.Encode(s)
		return strings.TrimSuffix(strings.TrimSuffix(b.String(), "\n")[1:], `"`)
	}},
	{"json with \\/", func(s string) string { return strings.ReplaceAll(jsonString(s), "/", `\/`) }},
	{"json, every character \\u", func(s string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		return b.String()
	}},
	{"json of a query escape", func(s string) string { return jsonString(url.QueryEscape(s)) }},
	{"html-escaped json", func(s string) string { return html.EscapeString(jsonString(s)) }},
	{"base64 std", func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
	{"base64 std unpadded", func(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) }},
	{"base64 url", func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }},
	{"base64 url unpadded", func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }},
	{"query-escaped base64", func(s string) string { return url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(s))) }},
	{"Basic user:secret", func(s string) string { return "Basic " + basic("client", s) }},
	{"Basic form-encoded user:secret (RFC 6749 §2.3.1)", func(s string) string { return "Basic " + basic("client", url.QueryEscape(s)) }},
	{"basic in lower case", func(s string) string { return "basic " + basic("client", s) }},
}

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func lowerHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteString(strings.ToLower(s[i : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func percentAll(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func TestLongSecretInEveryEncodingAnywhere(t *testing.T) {
	r := New()
	r.Add("secret", longSecret)
	fp := Fingerprint("secret", longSecret)
	for _, enc := range encodings {
		t.Run(enc.name, func(t *testing.T) {
			e := enc.encode(longSecret)
			contexts := []string{
				e,
				"free text " + e + " more text",
				`<p>Wrong password for alice: ` + e + `</p>`,
				`{"error_description":"bad secret ` + e + `"}`,
			}
			// A Basic credential glued to base64 letters has no end that
			// could be found; everything else is found glued to words.
			if !strings.EqualFold(e[:min(6, len(e))], "basic ") {
				contexts = append(contexts, "glued"+e+"glued")
			}
			for _, in := range contexts {
				out := r.String(in)
				if strings.Contains(out, e) || strings.Contains(out, longSecret) {
					t.Errorf("left in:\n in  %q\n out %q", in, out)
				}
				if !strings.Contains(out, "sha256:") {
					t.Errorf("no fingerprint in %q", out)
				}
			}
			// The fingerprint is the same in every encoding, so that a
			// reader sees the secret sent is the secret echoed.
			if enc.name != "raw" && !strings.HasPrefix(enc.name, "Basic") && !strings.HasPrefix(enc.name, "basic") {
				if got := r.String("x " + e + " y"); got != "x "+fp+" y" {
					t.Errorf("got %q, want the secret's own fingerprint %q", got, "x "+fp+" y")
				}
			}
		})
	}
}

// shortPasswords are 3 characters long; the second and third are made of
// characters that every encoding escapes.
var shortPasswords = []string{"abc", "< b", `'&"`}

// positions are the places where a value stands whole, each with the
// encodings it is written in there.
var positions = []struct {
	name      string
	template  string // %s is the encoded password
	encodings []string
}{
	{"form body", "grant_type=password&username=alice&password=%s&scope=openid", []string{"query escape (+ for space, upper hex)", "query escape, %20 for space", "query escape, lower hex", "every byte percent-encoded", "base64 url unpadded"}},
	{"last form field", "username=alice&password=%s", []string{"query escape (+ for space, upper hex)", "percent-encoded twice"}},
	{"query parameter", "https://as.example/login?user=alice&password=%s#top", []string{"query escape (+ for space, upper hex)", "query escape, %20, lower hex", "every byte percent-encoded"}},
	{"query in an HTML link", `<a href="/retry?user=alice&amp;password=%s&amp;x=1">retry</a>`, []string{"html-escaped query escape"}},
	{"JSON member", `{"username":"alice","password":"%s","remember":true}`, []string{"json (\\u0026 \\u003c)", "json without HTML escaping", "json, every character \\u", "json of a query escape"}},
	{"JSON member, spaced", "{\n  \"password\" : \"%s\"\n}", []string{"json (\\u0026 \\u003c)"}},
	{"JSON member under another name", `{"echo":"%s"}`, []string{"json (\\u0026 \\u003c)"}},
	{"Python-style dict in an error", `error: {'password': '%s'}`, []string{"query escape (+ for space, upper hex)"}},
	{"HTML attribute", `<input type="password" name="password" value="%s">`, []string{"html.EscapeString (&#39; &#34;)", "template.HTMLEscapeString", "&quot; and &#x27;", "&apos; and &#039;", "every character a numeric reference"}},
	{"HTML attribute, single-quoted", `<input name='password' value='%s'>`, []string{"html.EscapeString (&#39; &#34;)"}},
	{"HTML escaped in a JSON string", `{"page":"<input value=\"%s\">"}`, []string{"html-escaped json"}},
	{"element text", `<tr><td>password</td><td>%s</td></tr>`, []string{"html.EscapeString (&#39; &#34;)", "every character a numeric reference"}},
	{"whole header value", "%s", []string{"raw", "base64 std"}},
	{"bearer credential", "Bearer %s", []string{"raw", "query escape (+ for space, upper hex)"}},
	{"Basic credential", "%s", []string{"Basic user:secret", "Basic form-encoded user:secret (RFC 6749 §2.3.1)", "basic in lower case"}},
	{"Basic credential quoted in an error", "the server sent Authorization: %s back", []string{"Basic user:secret"}},
	{"header dump line", "Content-Type: text/plain\nX-Password: %s\nServer: x", []string{"raw", "query escape (+ for space, upper hex)"}},
	{"a line of a text body", "Your password is:\n%s\nDo not share it.", []string{"raw"}},
}

func encodingByName(t *testing.T, name string) func(string) string {
	for _, e := range encodings {
		if e.name == name {
			return e.encode
		}
	}
	t.Fatalf("no encoding %q", name)
	return nil
}

func TestShortPasswordAtEveryWholeValuePosition(t *testing.T) {
	for _, pw := range shortPasswords {
		r := New()
		r.Add("password", pw)
		fp := Fingerprint("password", pw)
		for _, pos := range positions {
			for _, name := range pos.encodings {
				e := encodingByName(t, name)(pw)
				t.Run(fmt.Sprintf("%q/%s/%s", pw, pos.name, name), func(t *testing.T) {
					in := fmt.Sprintf(pos.template, e)
					want := fmt.Sprintf(pos.template, fp)
					if strings.HasPrefix(name, "Basic") || strings.HasPrefix(name, "basic") {
						// The span is the base64 after the scheme.
						want = strings.Replace(in, e[len("Basic "):], fp, 1)
					}
					if got := r.String(in); got != want {
						t.Errorf("\n in   %q\n got  %q\n want %q", in, got, want)
					}
				})
			}
		}
	}
}

// TestShortPasswordLeavesOrdinaryTextAlone: the password's characters
// elsewhere, in words, paths, longer values and sentences, are not touched.
func TestShortPasswordLeavesOrdinaryTextAlone(t *testing.T) {
	r := New()
	r.Add("password", "abc")
	for _, in := range []string{
		"abcdef",
		"the abc of OAuth",
		"The ABC is not abc-def",
		"x=abcd&y=zabc",
		`{"a":"abcd","b":"xabc","c":"abc def"}`,
		`<div class="abc-def">abc and more</div>`,
		"https://as.example/abc/authorize?scope=abc+def",
		"https://abc.example/",
		"Authorization: Bearer abcdefgh",
		"Basic " + basic("client", "abcd"),
		"abc: def",
		"if x == abc then",
		"a != abc",
		"YWJj is what it is",
	} {
		if got := r.String(in); got != in {
			t.Errorf("ordinary text changed:\n in  %q\n out %q", in, got)
		}
	}
}

func TestFingerprintShowsEquality(t *testing.T) {
	r := New()
	r.Add("token", "abcdefghijkl")
	a, b := r.String("x abcdefghijkl"), r.String("y abcdefghijkl")
	if a[2:] != b[2:] {
		t.Fatalf("same token, different fingerprints: %q %q", a, b)
	}
	if Fingerprint("token", "abcdefghijkl") == Fingerprint("token", "abcdefghijkm") {
		t.Fatal("different tokens, same fingerprint")
	}
}

// TestFingerprintIsNotSearchedAgain: a secret that is a word of a
// fingerprint ("password", "sha256") must not shred the fingerprints of
// other secrets.
func TestFingerprintIsNotSearchedAgain(t *testing.T) {
	r := New()
	r.Add("password", "abc")
	r.Add("secret", "password")
	got := r.String(`{"password":"abc"}`)
	want := `{"` + Fingerprint("secret", "password") + `":"` + Fingerprint("password", "abc") + `"}`
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestOverlappingSecretsLeaveNothing: two secrets that overlap in a text
// are both removed; the span they cover becomes one fingerprint.
func TestOverlappingSecretsLeaveNothing(t *testing.T) {
	r := New()
	r.Add("token", "aaaaaaXY")
	r.Add("token", "XYbbbbbb")
	out := r.String("<aaaaaaXYbbbbbb>")
	if strings.Contains(out, "aaaaaa") || strings.Contains(out, "bbbbbb") {
		t.Fatalf("a piece of a secret is left: %q", out)
	}
}

func TestEmptyIsNotRegistered(t *testing.T) {
	r := New()
	r.Add("password", "")
	if got := r.String(`password=&x=""`); got != `password=&x=""` {
		t.Fatalf("empty value redacted: %q", got)
	}
	if len(r.Values()) != 0 {
		t.Fatalf("empty value registered: %v", r.Values())
	}
}

func TestShortNotice(t *testing.T) {
	got := ShortNotice("users[0].password", "abc")
	want := "users[0].password is 3 characters long: it is redacted where it stands as a whole value " +
		"(form fields, query parameters, JSON members, headers), not in free text; use a test password of 8 characters or more"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := ShortNotice("clients[1].secret", "äöü"); !strings.Contains(got, "3 characters") || !strings.Contains(got, "test secret of") {
		t.Errorf("characters, not bytes, and the kind from the name: %q", got)
	}
	for _, v := range []string{"", "abcdef", "a long enough password"} {
		if got := ShortNotice("users[0].password", v); got != "" {
			t.Errorf("%q: notice %q, want none", v, got)
		}
	}
}
