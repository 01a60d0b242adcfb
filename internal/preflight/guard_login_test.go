package preflight

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/target"
)

// TestLoginGuard: under each fault of the reference server that sends the
// password to a host the target file does not name, the preflight names
// what was stopped, with the browser and with agent: http alike; without
// one it finds nothing. With agent: http no browser starts.
func TestLoginGuard(t *testing.T) {
	shared := testBrowser(t)
	cases := []struct {
		agent, fault string
		says         string // empty: no problem
	}{
		{"browser", "", ""},
		{"http", "", ""},
		{"browser", "login-form-posts-elsewhere", "toets stopped a request of the login to a host the target file does not name: POST https://localhost:"},
		{"http", "login-form-posts-elsewhere", "toets stopped a request of the login to a host the target file does not name: POST https://localhost:"},
		{"browser", "login-beacon-elsewhere", "/collect (beacon)"},
	}
	for _, c := range cases {
		t.Run(c.agent+"/"+c.fault, func(t *testing.T) {
			var faults []string
			if c.fault != "" {
				faults = []string{c.fault}
			}
			in, err := embedded.Start("", faults)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			tgt := writeTarget(t, in, "agent.yaml", func(f *target.File) { f.Agent = c.agent })
			b := shared
			if c.agent == "http" {
				// A browser of its own, to see that nothing starts it.
				ca, _ := embedded.CA()
				b = browser.New(browser.Options{Bin: os.Getenv("TOETS_BROWSER"), TrustedCAs: [][]byte{ca.CertPEM()}})
				defer b.Close()
			}
			r := Check(context.Background(), Options{Target: tgt, Browser: b})
			var out bytes.Buffer
			r.Write(&out, "agent.yaml")
			if c.agent == "http" && b.Started() {
				t.Errorf("with agent: http the preflight started the browser")
			}
			if c.says == "" {
				if !r.OK() || !strings.Contains(out.String(), "logs in") {
					t.Fatalf("want no problem and a login, got:\n%s", out.String())
				}
				return
			}
			found := false
			for _, p := range r.Problems {
				found = found || (p.Check == "login" && strings.Contains(p.Message, c.says) && strings.Contains(p.Message, "browser.hosts"))
			}
			if !found {
				t.Errorf("no login problem saying %q:\n%s", c.says, out.String())
			}
		})
	}
}
