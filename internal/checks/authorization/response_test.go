package authorization

import (
	"net/url"
	"testing"
)

func params(raw string) url.Values {
	v, err := url.ParseQuery(raw)
	if err != nil {
		panic(err)
	}
	return v
}

func TestIss(t *testing.T) {
	const issuer = "https://as.example"
	cases := []struct {
		name     string
		received url.Values
		fails    bool
	}{
		{"RFC 9207 §2 example, with the code", params("code=x&state=s&iss=https%3A%2F%2Fas.example"), false},
		// A careful server answers a bad response_type with invalid_request
		// (RFC 6749 §4.1.2.1 allows it); toets used to fail that before
		// looking at iss.
		{"error invalid_request with iss", params("error=invalid_request&state=s&iss=https%3A%2F%2Fas.example"), false},
		{"error invalid_scope with iss", params("error=invalid_scope&iss=https%3A%2F%2Fas.example"), false},
		{"error without iss", params("error=unsupported_response_type&state=s"), true},
		{"iss with a trailing slash", params("error=invalid_request&iss=https%3A%2F%2Fas.example%2F"), true},
		{"iss twice", params("code=x&iss=https%3A%2F%2Fas.example&iss=https%3A%2F%2Fas.example"), true},
		{"no redirect", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := Iss(issuer, c.received)
			if (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
			for _, f := range fs {
				if f.Check != IssParameter.ID {
					t.Errorf("check %s", f.Check)
				}
			}
		})
	}
}

func TestState(t *testing.T) {
	cases := []struct {
		name     string
		sent     string
		received url.Values
		want     string // the failing check, "" for none
	}{
		{"RFC 6749 §4.1.2 example", "xyz", params("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"), ""},
		{"RFC 6749 §4.1.2.1 example", "xyz", params("error=access_denied&state=xyz"), ""},
		// The error code is not this rule's business: invalid_request for
		// a bad response_type carries the state as well as any other.
		{"error invalid_request keeps the state", "a b+c/d", params("error=invalid_request&state=a+b%2Bc%2Fd"), ""},
		{"special characters byte for byte", "#?'<>;:@!$,~*", params("error=unsupported_response_type&state=%23%3F%27%3C%3E%3B%3A%40%21%24%2C~%2A"), ""},
		{"state dropped on error", "xyz", params("error=invalid_scope"), StateOnError.ID},
		{"state encoded twice", "a b", params("error=unsupported_response_type&state=a%2520b"), StateOnError.ID},
		{"state changed with the code", "xyz", params("code=c&state=other"), StateWithCode.ID},
		{"state twice", "xyz", params("code=c&state=xyz&state=xyz"), StateWithCode.ID},
		{"no redirect", "xyz", nil, StateWithCode.ID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := State(c.sent, c.received)
			got := ""
			if len(fs) > 0 {
				got = fs[0].Check
			}
			if got != c.want || len(fs) > 1 {
				t.Fatalf("findings %v, want %q", fs, c.want)
			}
		})
	}
}
