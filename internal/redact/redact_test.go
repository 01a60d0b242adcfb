package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestRedactsEveryEncoding(t *testing.T) {
	r := New()
	secret := "s3cr3t/with+special=chars"
	r.Add("secret", secret)
	basic := base64.StdEncoding.EncodeToString([]byte("client:" + secret))
	r.Add("credential", "Basic "+basic)
	inputs := []string{
		"plain " + secret,
		"form client_secret=" + url.QueryEscape(secret),
		"path /x/" + url.PathEscape(secret),
		"Authorization: Basic " + basic,
		"b64 " + base64.StdEncoding.EncodeToString([]byte(secret)),
	}
	for _, in := range inputs {
		out := r.String(in)
		if strings.Contains(out, secret) || strings.Contains(out, url.QueryEscape(secret)) || strings.Contains(out, basic) {
			t.Errorf("secret left in %q -> %q", in, out)
		}
		if !strings.Contains(out, "sha256:") {
			t.Errorf("no fingerprint in %q", out)
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

func TestShortValuesAreNotRedacted(t *testing.T) {
	r := New()
	r.Add("password", "abc")
	if got := r.String("abc def"); got != "abc def" {
		t.Fatalf("short value redacted: %q", got)
	}
}

func FuzzString(f *testing.F) {
	f.Add("secretvalue", "some text with secretvalue inside")
	f.Fuzz(func(t *testing.T, secret, text string) {
		r := New()
		r.Add("secret", secret)
		out := r.String(text + secret)
		if len(secret) >= MinLength && strings.Contains(out, secret) && !strings.Contains(Fingerprint("secret", secret), secret) {
			t.Fatalf("secret %q survived in %q", secret, out)
		}
	})
}
