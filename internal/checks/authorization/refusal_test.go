package authorization

import "testing"

func TestInforms(t *testing.T) {
	cases := []struct {
		name  string
		p     Page
		fails bool
	}{
		{"an error page", Page{Status: 400, Text: "Unknown client"}, false},
		// Outside MedMij a page with a link back to the client's home page,
		// or a login page first, is no breach of RFC 6749: toets used to fail
		// both.
		{"an error page with a link back", Page{Status: 400, Text: "The application is not registered. Back to the application"}, false},
		{"a login page first", Page{Status: 200, Text: "Log in Username Password"}, false},
		{"an error page with 200", Page{Status: 200, Text: "invalid_request: redirect_uri did not match"}, false},
		{"an empty 400", Page{Status: 400}, true},
		{"a redirect elsewhere", Page{Status: 302, Location: "https://elsewhere.example/"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if fs := Informs(c.p); (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
		})
	}
}
