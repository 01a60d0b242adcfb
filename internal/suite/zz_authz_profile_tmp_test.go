package suite

import (
	"testing"

	"github.com/toets/toets/reports"
)

func TestTmpAuthzIdporten(t *testing.T) {
	res := runReferenceProfile(t, "idporten", "@authorization && @profile:idporten", 1)
	for _, s := range res.run.Scenarios {
		if s.Verdict != reports.Pass {
			t.Errorf("%s", describe(res.run))
			break
		}
	}
	t.Logf("%s", describe(res.run))
}
