package oauth

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestBasicAuthFormEncodesFirst(t *testing.T) {
	req, err := TokenRequest("https://as.test/token", Credentials{ClientID: "a b", Secret: "p:w+d", Method: "client_secret_basic"}, url.Values{"grant_type": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(req.Header.Get("Authorization"), "Basic "))
	if string(raw) != "a+b:p%3Aw%2Bd" {
		t.Fatalf("RFC 6749 §2.3.1 encoding: got %q", raw)
	}
}

func TestAuthorizationRequestKeepsDuplicates(t *testing.T) {
	r := &AuthorizationRequest{Endpoint: "https://as.test/authorize"}
	r.Add("scope", "a")
	r.Add("scope", "b")
	r.Add("state", "x y&z")
	u, _ := url.Parse(r.URL())
	if got := u.Query()["scope"]; len(got) != 2 {
		t.Fatalf("duplicates lost: %v", got)
	}
	if u.Query().Get("state") != "x y&z" {
		t.Fatalf("state not round-tripped: %q", u.Query().Get("state"))
	}
}

func TestParseTokenResponse(t *testing.T) {
	tr, err := ParseTokenResponse([]byte(`{"access_token":"x","token_type":"bearer","expires_in":900}`))
	if err != nil || tr.AccessToken != "x" || *tr.ExpiresIn != 900 {
		t.Fatalf("%+v %v", tr, err)
	}
	if _, err := ParseTokenResponse([]byte(`{"expires_in":"900"}`)); err == nil {
		t.Fatal("a string expires_in must be reported")
	}
	if _, err := ParseTokenResponse([]byte(`{"error":"access_denied","error":"invalid_grant"}`)); err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Fatalf("duplicate members must be reported, got %v", err)
	}
	if _, err := ParseTokenResponse([]byte("{\"error\":\"a\xff\"}")); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Fatalf("invalid UTF-8 must be reported, got %v", err)
	}
	if _, err := ParseTokenResponse([]byte(`<html>`)); err == nil {
		t.Fatal("HTML must be reported")
	}
}

func TestBadDescriptionChars(t *testing.T) {
	if len(BadDescriptionChars("Invalid code, try again!")) != 0 {
		t.Fatal("plain text refused")
	}
	if got := string(BadDescriptionChars(`bad "quote" \ é`)); got != `""\é` {
		t.Fatalf("got %q", got)
	}
}

func TestErrorCodesExcludeAccessDenied(t *testing.T) {
	if IsTokenErrorCode("access_denied") || !IsTokenErrorCode("invalid_grant") {
		t.Fatal("RFC0015 code set wrong")
	}
}

func FuzzParseTokenResponse(f *testing.F) {
	f.Add([]byte(`{"access_token":"x","expires_in":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := ParseTokenResponse(b)
		if err != nil {
			return
		}
		// What the steps read must be what the server sent.
		for name, got := range map[string]string{"access_token": tr.AccessToken, "error": tr.Error, "scope": tr.Scope} {
			if v, ok := tr.Raw[name]; ok && v != any(got) {
				t.Fatalf("%s is %q, but the body says %v", name, got, v)
			}
		}
		if v, ok := tr.Raw["expires_in"]; ok && (tr.ExpiresIn == nil || v != any(*tr.ExpiresIn)) {
			t.Fatalf("expires_in is %v, but the body says %v", tr.ExpiresIn, v)
		}
	})
}
