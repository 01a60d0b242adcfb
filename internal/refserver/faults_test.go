package refserver

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faultTests holds, for each fault in the table, a check of the rule it
// breaks: true on a correct server, false under the fault.
var faultTests = map[string]func(ts *testServer) bool{
	"state-not-echoed": func(ts *testServer) bool {
		_, params := ts.answer(ts.authorizeQuery(ts.primary()), ts.alice(), "approve").redirect(ts.t)
		return params.Get("state") == "st-4711"
	},
	"token-access-denied": func(ts *testServer) bool {
		resp := ts.redeem(ts.primary(), "no-such-code")
		return resp.json(ts.t)["error"] == "invalid_grant"
	},
	"no-store-missing": func(ts *testServer) bool {
		resp := ts.redeem(ts.primary(), ts.code(ts.authorizeQuery(ts.primary())))
		require.Equal(ts.t, http.StatusOK, resp.status)
		return resp.header.Get("Cache-Control") == "no-store"
	},
	"code-reusable": func(ts *testServer) bool {
		c := ts.primary()
		code := ts.code(ts.authorizeQuery(c))
		require.Equal(ts.t, http.StatusOK, ts.redeem(c, code).status)
		return ts.redeem(c, code).status == http.StatusBadRequest
	},
	"resource-wrong-person": func(ts *testServer) bool {
		resp := ts.resource(withBearer(ts.tokens()["access_token"].(string)))
		require.Equal(ts.t, http.StatusOK, resp.status)
		names := patientNames(ts.t, resp.body)
		return len(names) == 1 && names[0] == ts.alice().Name
	},
}

// TestFaults proves that every fault in the table changes what the server
// does, and that a fault without a check here fails the test.
func TestFaults(t *testing.T) {
	correct := startServer(t)
	for _, f := range Faults {
		t.Run(f.Name, func(t *testing.T) {
			check, ok := faultTests[f.Name]
			require.True(t, ok, "faultTests has no check for fault %s", f.Name)
			assert.True(t, check(correct.with(t)), "the check passes on a correct server")
			faulty := startServer(t, f.Name)
			assert.False(t, check(faulty), "the check fails under %s", f.Name)
		})
	}
}

func TestFaultNamesAreChecked(t *testing.T) {
	assert.Panics(t, func() { faultSet{}.on("no-such-fault") })
	_, err := newFaultSet([]string{"no-such-fault"})
	assert.Error(t, err)
}
