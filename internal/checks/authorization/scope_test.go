package authorization

import "testing"

func TestReadOrRefused(t *testing.T) {
	cases := []struct {
		name  string
		a     Answer
		fails bool
	}{
		{"refused with invalid_scope", Answer{Callback: params("error=invalid_scope&state=s"), Status: 302}, false},
		// A careful server reads "openid  profile" as "openid profile", or
		// drops a scope it does not know, and shows its login page: toets
		// used to fail that.
		{"accepted: the login page", Answer{Status: 200}, false},
		{"accepted: to the identity provider", Answer{Status: 302, Elsewhere: true}, false},
		{"accepted: a code at once", Answer{Callback: params("code=c&state=s"), Status: 302}, false},
		{"refused with server_error", Answer{Callback: params("error=server_error&state=s"), Status: 302}, true},
		{"refused with invalid_request", Answer{Callback: params("error=invalid_request&state=s"), Status: 302}, true},
		{"an error page, no redirect", Answer{Status: 400}, true},
		{"a redirect with neither", Answer{Callback: params("state=s"), Status: 302}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := ReadOrRefused(c.a)
			if (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
		})
	}
}
