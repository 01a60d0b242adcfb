package suite

import (
	"testing"

	"github.com/toets/toets/reports"
)

// TestOptionalEndpointsNotApplicable proves that the introspection and
// revocation rules are reported not applicable, never passed, for a server
// whose metadata names neither endpoint: the reference server in the oauth2
// profile plays a bare RFC 6749 server without them.
func TestOptionalEndpointsNotApplicable(t *testing.T) {
	tags := "@rule:introspection-requires-auth,@rule:introspection-active,@rule:introspection-inactive,@rule:introspection-inactive-bare,@rule:introspection-revoked-inactive,@rule:revocation-unknown-token,@rule:resource-revoked-token-refused"
	res := runReferenceProfile(t, "oauth2", tags, 1)
	if len(res.run.Scenarios) < 6 {
		t.Fatalf("expected every introspection and revocation scenario to run, got %d:\n%s", len(res.run.Scenarios), describe(res.run))
	}
	for _, s := range res.run.Scenarios {
		if s.Verdict != reports.NotApplicable {
			t.Errorf("without introspection and revocation endpoints, %q must be not applicable; got %s\n%s", s.Name, s.Verdict, describe(res.run))
		}
	}
}
