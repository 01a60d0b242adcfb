package metadata

import (
	"encoding/json"
	"testing"
)

func doc(s string) map[string]any {
	var md map[string]any
	if err := json.Unmarshal([]byte(s), &md); err != nil {
		panic(err)
	}
	return md
}

func TestS256Listed(t *testing.T) {
	cases := []struct {
		name  string
		md    string
		fails bool
	}{
		{"S256", `{"code_challenge_methods_supported":["S256"]}`, false},
		// plain beside S256 is no reason to skip or fail this rule.
		{"S256 and plain", `{"code_challenge_methods_supported":["plain","S256"]}`, false},
		{"plain only", `{"code_challenge_methods_supported":["plain"]}`, true},
		{"omitted", `{"issuer":"https://as.example"}`, true},
		{"null", `{"code_challenge_methods_supported":null}`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := S256Listed(doc(c.md))
			if (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
		})
	}
}

func TestAuthMethods(t *testing.T) {
	basic := []Client{{"pgo-een", "client_secret_basic"}}
	post := []Client{{"pgo-een", "client_secret_basic"}, {"pgo-twee", "client_secret_post"}}
	cases := []struct {
		name    string
		md      string
		clients []Client
		fails   bool
	}{
		// A careful server that uses only Basic may leave the member out:
		// RFC 8414 §2 makes client_secret_basic the default.
		{"omitted, basic client", `{"issuer":"x"}`, basic, false},
		{"null, basic client", `{"token_endpoint_auth_methods_supported":null}`, basic, false},
		{"omitted, post client", `{"issuer":"x"}`, post, true},
		{"both listed", `{"token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]}`, post, false},
		{"post left out", `{"token_endpoint_auth_methods_supported":["client_secret_basic"]}`, post, true},
		{"empty list", `{"token_endpoint_auth_methods_supported":[]}`, basic, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := AuthMethods(doc(c.md), c.clients)
			if (len(fs) > 0) != c.fails {
				t.Fatalf("findings %v, want failure %v", fs, c.fails)
			}
		})
	}
}
