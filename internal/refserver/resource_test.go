package refserver

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func assertOperationOutcome(t *testing.T, resp response) {
	t.Helper()
	assert.Equal(t, "application/fhir+json", resp.header.Get("Content-Type"))
	body := resp.json(t)
	assert.Equal(t, "OperationOutcome", body["resourceType"])
	issues, _ := body["issue"].([]any)
	require.NotEmpty(t, issues, resp.body)
	assert.Equal(t, "security", issues[0].(map[string]any)["code"])
}

func TestResourceRefusals(t *testing.T) {
	ts := startServer(t)
	tok := ts.tokens()
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	const (
		bare         = `Bearer realm="toets"`
		invalidReq   = `Bearer realm="toets", error="invalid_request"`
		invalidToken = `Bearer realm="toets", error="invalid_token"`
	)
	header := func(values ...string) func(*http.Request) {
		return func(r *http.Request) {
			for _, v := range values {
				r.Header.Add("Authorization", v)
			}
		}
	}

	for _, tc := range []struct {
		name      string
		send      func() response
		status    int
		challenge string
	}{
		{"no token", func() response { return ts.resource(nil) }, 401, bare},
		{"token in the query string", func() response {
			return ts.get("/fhir/MedicationStatement?access_token="+url.QueryEscape(access), nil)
		}, 401, bare},
		{"token in a form body", func() response {
			body := strings.NewReader(url.Values{"access_token": {access}}.Encode())
			return ts.request("GET", "/fhir/MedicationStatement", body, func(r *http.Request) {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			})
		}, 401, bare},
		{"Basic credentials", func() response { return ts.resource(withBasic("alice", "x")) }, 401, bare},
		{"Bearer without a token", func() response { return ts.resource(header("Bearer")) }, 400, invalidReq},
		{"Bearer with a space in the token", func() response { return ts.resource(header("Bearer a b")) }, 400, invalidReq},
		{"two Authorization headers", func() response { return ts.resource(header("Bearer "+access, "Bearer "+access)) }, 400, invalidReq},
		{"an unknown token", func() response { return ts.resource(withBearer("unknown")) }, 401, invalidToken},
		{"a refresh token", func() response { return ts.resource(withBearer(refresh)) }, 401, invalidToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.send()
			assert.Equal(t, tc.status, resp.status, resp.body)
			assert.Equal(t, tc.challenge, resp.header.Get("WWW-Authenticate"))
			assertOperationOutcome(t, resp)
		})
	}
}

func TestResourceServesTheTokensPerson(t *testing.T) {
	ts := startServer(t)
	access := ts.tokens()["access_token"].(string)
	for _, path := range []string{
		"/fhir/MedicationStatement",
		"/fhir/MedicationStatement?patient=carla",
		"/fhir/MedicationStatement?bsn=999999990&patient=Patient/carla",
	} {
		resp := ts.get(path, withBearer(access))
		require.Equal(t, http.StatusOK, resp.status, path)
		assert.Equal(t, []string{"Alice Toets"}, patientNames(t, resp.body), path)
	}
	// The scheme name is case-insensitive (RFC 9110 §11.1).
	resp := ts.resource(func(r *http.Request) { r.Header.Set("Authorization", "bearer "+access) })
	assert.Equal(t, http.StatusOK, resp.status)
}
