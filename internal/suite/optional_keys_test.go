package suite

import (
	"strings"
	"testing"

	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

// TestOptionalKeysNotApplicable runs the whole suite with a target file that
// leaves out what a vendor may well leave out: the rights of seed 000, the
// display names, and the second client's client_credentials grant. Nothing
// is wrong with toets or the file, so no rule may be an error: each rule
// that needs what is missing is not applicable and names the key, and the
// rules that only need some access token take one from the code flow.
func TestOptionalKeysNotApplicable(t *testing.T) {
	res := runReferenceEdited(t, "medmij", "", 2, func(f *target.File) {
		f.Rights = nil
		for i := range f.Clients {
			f.Clients[i].Rights = nil
		}
		for i := range f.Users {
			f.Users[i].Rights, f.Users[i].DisplayName = nil, ""
		}
		if len(f.Clients) > 1 {
			f.Clients[1].GrantTypes = []string{"authorization_code", "refresh_token"}
		}
	})
	judged := map[string]bool{}
	for _, s := range res.run.Scenarios {
		switch s.Verdict {
		case reports.Error, reports.Fail:
			t.Errorf("%s %q: %s", s.Verdict, s.Name, s.Message)
		case reports.NotApplicable:
			if strings.HasPrefix(s.Rule.ID, "rights-") && !strings.Contains(s.Message, "rights[]") {
				t.Errorf("%q is not applicable without naming the key rights[]: %s", s.Name, s.Message)
			}
		case reports.Pass, reports.Warning:
			judged[s.Rule.ID] = true
		}
	}
	// A server without a client_credentials client is still judged on the
	// rules that only need some valid access token.
	for _, id := range []string{"introspection-active", "introspection-requires-auth", "resource-revoked-token-refused", "metadata-scope-syntax"} {
		if !judged[id] {
			t.Errorf("rule %s was not judged: it needs only an access token, which the code flow gives\n%s", id, describe(res.run))
		}
	}
}
