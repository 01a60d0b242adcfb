package introspection

import (
	"slices"
	"strings"
	"testing"

	"github.com/toets/toets/internal/check"
)

func resp(status int, body string) check.Response {
	return check.Response{Status: status, ContentType: "application/json", Body: []byte(body)}
}

// ids lists the checks that found something, in order.
func ids(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check)
	}
	return out
}

func TestActive(t *testing.T) {
	tok := Token{ClientID: "pgo-een"}
	cases := []struct {
		name string
		r    check.Response
		want []string
	}{
		// RFC 7662 §2.2's own example response.
		{"the RFC's example", resp(200, `{"active":true,"client_id":"pgo-een","username":"jdoe","scope":"read write dolphin","sub":"Z5O3upPC88QrAjx00dis","aud":"https://protected.example.net/resource","iss":"https://server.example.com/","exp":1419356238,"iat":1419350238,"extension_field":"twenty-seven"}`), nil},
		// Every member but active is OPTIONAL: a bare answer is right (a
		// misreading once failed servers for leaving out scope).
		{"only active", resp(200, `{"active":true}`), nil},
		{"inactive", resp(200, `{"active":false}`), []string{ActiveTrue.ID}},
		{"active as a string", resp(200, `{"active":"true"}`), []string{ActiveTrue.ID}},
		{"no active member", resp(200, `{"client_id":"pgo-een"}`), []string{ActiveTrue.ID}},
		{"the caller named as client", resp(200, `{"active":true,"client_id":"pgo-twee"}`), []string{MembersDescribeToken.ID}},
		{"exp as a string", resp(200, `{"active":true,"exp":"1419356238"}`), []string{MembersDescribeToken.ID}},
		{"exp with a fraction", resp(200, `{"active":true,"exp":1419356238.5}`), []string{MembersDescribeToken.ID}},
		{"scope as an array", resp(200, `{"active":true,"scope":["a","b"]}`), []string{MembersDescribeToken.ID}},
		{"HTTP 401", resp(401, `{"error":"invalid_client"}`), []string{ResponseFormat.ID}},
		{"not JSON", resp(200, `<html>`), []string{ResponseFormat.ID}},
		{"active twice", resp(200, `{"active":false,"active":true}`), []string{ResponseFormat.ID}},
		{"text/plain", check.Response{Status: 200, ContentType: "text/plain", Body: []byte(`{"active":true}`)}, []string{ResponseFormat.ID}},
		{"JSON with charset", check.Response{Status: 200, ContentType: "application/json; charset=utf-8", Body: []byte(`{"active":true}`)}, nil},
	}
	for _, c := range cases {
		if got := ids(Active(c.r, tok)); !slices.Equal(got, c.want) {
			t.Errorf("%s: findings %v, want %v", c.name, got, c.want)
		}
	}
}

func TestInactiveAndBare(t *testing.T) {
	cases := []struct {
		name           string
		r              check.Response
		inactive, bare []string
	}{
		{"the RFC's example", resp(200, `{"active":false}`), nil, nil},
		// §2.2: active false is the MUST; saying why is a SHOULD NOT.
		{"says why", resp(200, `{"active":false,"reason":"expired"}`), nil, []string{InactiveBare.ID}},
		{"active true", resp(200, `{"active":true}`), []string{InactiveFalse.ID}, nil},
		{"an error instead", resp(400, `{"error":"invalid_token"}`), []string{ResponseFormat.ID}, []string{ResponseFormat.ID}},
		{"null", resp(200, `null`), []string{ResponseFormat.ID}, []string{ResponseFormat.ID}},
	}
	for _, c := range cases {
		if got := ids(Inactive(c.r)); !slices.Equal(got, c.inactive) {
			t.Errorf("%s: Inactive found %v, want %v", c.name, got, c.inactive)
		}
		if got := ids(Bare(c.r)); !slices.Equal(got, c.bare) {
			t.Errorf("%s: Bare found %v, want %v", c.name, got, c.bare)
		}
	}
}

func TestUnauthenticated(t *testing.T) {
	for status, refused := range map[int]bool{401: true, 400: true, 403: true, 200: false, 204: false, 302: false, 500: false} {
		got := Unauthenticated(resp(status, `{}`))
		if refused != (len(got) == 0) {
			t.Errorf("HTTP %d: findings %v, refusal %v", status, ids(got), refused)
		}
	}
}

func TestRevoked(t *testing.T) {
	if fs := Revoked(resp(200, ``)); fs != nil {
		t.Errorf("200: %v", ids(fs))
	}
	if fs := Revoked(resp(400, `{"error":"invalid_request"}`)); !slices.Equal(ids(fs), []string{RevocationAnswered.ID}) {
		t.Errorf("400: %v", ids(fs))
	}
}

func TestMessageNamesTheSentence(t *testing.T) {
	f := Inactive(resp(200, `{"active":true}`))[0]
	msg := f.Message()
	for _, want := range []string{"RFC 7662 §2.2", "MUST return", "expected: false", "received: true", "introspection.inactive-false", "implementation"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}
