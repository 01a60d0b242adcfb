package redact

import (
	"encoding/base64"
	"html"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// stripFingerprints replaces the fingerprints of the registered secrets by
// a mark, so that a secret that is a word of a fingerprint ("password") is
// not mistaken for a leak, and a secret cannot be formed across a
// fingerprint's edge without containing ‹ or ›.
func stripFingerprints(r *Redactor, s string) string {
	for _, v := range r.Values() {
		r.mu.Lock()
		kind := r.values[v]
		r.mu.Unlock()
		s = strings.ReplaceAll(s, Fingerprint(kind, v), "‹›")
	}
	return s
}

// FuzzString feeds untrusted text (what a server may send) with a short and
// a long secret registered. String must not panic, must never leave the
// long secret in its output, and must remove both where they stand clearly
// delimited: the long one in each encoding, the short one as a form value.
func FuzzString(f *testing.F) {
	f.Add("some text with ", " inside", "abc", "secretvalue")
	f.Add(`{"password":"`, `"}`, "a&b", `s3cr3t/with+special=chars &<>'"\%`)
	f.Add("<input value=\"", "\">", "é'", "longer&amp;secret")
	f.Add("password=%2", "&#x;\\u00", "=", "%25%%41\\u0041&#65;")
	f.Add("Basic ", "==", ":", "user:password")
	f.Fuzz(func(t *testing.T, prefix, suffix, short, long string) {
		r := New()
		if short != strings.TrimSpace(short) || !Short(short) || short == long {
			short = ""
		}
		r.Add("password", short)
		if Short(long) || strings.ContainsAny(long, "‹›") {
			long = ""
		}
		r.Add("secret", long)

		// Any text at all: no panic, and no long secret left.
		for _, in := range []string{prefix, prefix + long + suffix, prefix + short + suffix} {
			out := stripFingerprints(r, r.String(in))
			if long != "" && strings.Contains(out, long) {
				t.Fatalf("long secret %q left in\n in  %q\n out %q", long, in, out)
			}
		}
		if long != "" {
			for _, enc := range []func(string) string{
				url.QueryEscape, url.PathEscape, html.EscapeString, jsonString,
				func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
			} {
				e := enc(long)
				// JSON replaces invalid UTF-8 by U+FFFD: what is left is
				// no longer the secret.
				if !utf8.ValidString(long) && e != url.QueryEscape(long) && e != url.PathEscape(long) && e != base64.StdEncoding.EncodeToString([]byte(long)) && e != html.EscapeString(long) {
					continue
				}
				if strings.Contains(e, "\n") || strings.Contains(prefix, e) || strings.Contains(suffix, e) {
					continue
				}
				in := prefix + "\n" + e + "\n" + suffix
				if out := stripFingerprints(r, r.String(in)); strings.Contains(out, e) {
					t.Fatalf("encoded long secret %q left in\n in  %q\n out %q", e, in, out)
				}
			}
		}
		if short != "" {
			field := "password=" + url.QueryEscape(short) + "\n"
			in := prefix + "\n" + field + suffix
			if out := r.String(in); strings.Contains(out, field) {
				t.Fatalf("short secret %q left as a form value\n in  %q\n out %q", short, in, out)
			}
		}
	})
}
