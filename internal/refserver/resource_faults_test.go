package refserver

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/stretchr/testify/require"
)

// The checks of the resource, introspection, revocation, keys and metadata
// faults, added to faultTests so that TestFaults runs them.
func init() {
	for name, check := range resourceFaultTests {
		faultTests[name] = check
	}
}

// statusToken is a client_credentials token of the second client: valid,
// but without the data scope.
func (ts *testServer) statusToken() string {
	ts.t.Helper()
	resp := ts.clientPost("/oauth/token", ts.second(), url.Values{"grant_type": {"client_credentials"}})
	require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
	return resp.json(ts.t)["access_token"].(string)
}

func (ts *testServer) introspect(c Client, token string) response {
	return ts.clientPost("/oauth/introspect", c, url.Values{"token": {token}})
}

func (ts *testServer) metadataDoc() map[string]any {
	return ts.get("/.well-known/oauth-authorization-server", nil).json(ts.t)
}

func (ts *testServer) jwks() []map[string]any {
	var set struct {
		Keys []map[string]any `json:"keys"`
	}
	require.NoError(ts.t, json.Unmarshal([]byte(ts.get("/oauth/jwks", nil).body), &set))
	return set.Keys
}

func listed(v any, want string) bool {
	list, _ := v.([]any)
	for _, x := range list {
		if x == want {
			return true
		}
	}
	return false
}

var resourceFaultTests = map[string]func(ts *testServer) bool{
	"bearer-challenge-missing": func(ts *testServer) bool {
		return ts.resource(nil).header.Get("WWW-Authenticate") != ""
	},
	"header-token-refused": func(ts *testServer) bool {
		return ts.resource(withBearer(ts.tokens()["access_token"].(string))).status == http.StatusOK
	},
	"no-token-400-error": func(ts *testServer) bool {
		return ts.resource(nil).status == http.StatusUnauthorized
	},
	"invalid-token-no-challenge": func(ts *testServer) bool {
		return ts.resource(withBearer("unknown")).header.Get("WWW-Authenticate") != ""
	},
	"insufficient-scope-401": func(ts *testServer) bool {
		return ts.resource(withBearer(ts.statusToken())).status == http.StatusForbidden
	},
	"invalid-token-403": func(ts *testServer) bool {
		return ts.resource(withBearer("unknown")).status == http.StatusUnauthorized
	},
	"insufficient-scope-200": func(ts *testServer) bool {
		return ts.resource(withBearer(ts.statusToken())).status == http.StatusForbidden
	},
	"malformed-header-401": func(ts *testServer) bool {
		return ts.resource(func(r *http.Request) { r.Header.Set("Authorization", "Bearer a b") }).status == http.StatusBadRequest
	},
	"query-token-accepted": func(ts *testServer) bool {
		return ts.get("/fhir/MedicationStatement?access_token="+url.QueryEscape(ts.tokens()["access_token"].(string)), nil).status == http.StatusUnauthorized
	},
	"outcome-missing": func(ts *testServer) bool {
		return strings.Contains(ts.resource(nil).body, "OperationOutcome")
	},
	"correlation-id-refused": func(ts *testServer) bool {
		tok := ts.tokens()["access_token"].(string)
		return ts.resource(func(r *http.Request) {
			withBearer(tok)(r)
			r.Header.Set("X-Correlation-ID", "abc")
		}).status == http.StatusOK
	},
	"bsn-param-honoured": func(ts *testServer) bool {
		resp := ts.get("/fhir/MedicationStatement?patient=carla&bsn=999999011", withBearer(ts.tokens()["access_token"].(string)))
		names := patientNames(ts.t, resp.body)
		return len(names) == 1 && names[0] == ts.alice().Name
	},
	"revoked-token-served": func(ts *testServer) bool {
		tok := ts.tokens()["access_token"].(string)
		require.Equal(ts.t, http.StatusOK, ts.clientPost("/oauth/revoke", ts.primary(), url.Values{"token": {tok}}).status)
		return ts.resource(withBearer(tok)).status == http.StatusUnauthorized
	},
	"introspect-unauthenticated": func(ts *testServer) bool {
		return ts.post("/oauth/introspect", url.Values{"token": {ts.statusToken()}}, nil).status == http.StatusUnauthorized
	},
	"introspect-exp-as-text": func(ts *testServer) bool {
		_, isNumber := ts.introspect(ts.second(), ts.statusToken()).json(ts.t)["exp"].(float64)
		return isNumber
	},
	"inactive-reported-active": func(ts *testServer) bool {
		return ts.introspect(ts.second(), "unknown").json(ts.t)["active"] == false
	},
	"inactive-with-claims": func(ts *testServer) bool {
		return len(ts.introspect(ts.second(), "unknown").json(ts.t)) == 1
	},
	"revoked-still-active": func(ts *testServer) bool {
		tok := ts.statusToken()
		ts.clientPost("/oauth/revoke", ts.second(), url.Values{"token": {tok}})
		return ts.introspect(ts.second(), tok).json(ts.t)["active"] == false
	},
	"revoke-unknown-400": func(ts *testServer) bool {
		return ts.clientPost("/oauth/revoke", ts.second(), url.Values{"token": {"unknown"}}).status == http.StatusOK
	},
	"issuer-mismatch": func(ts *testServer) bool {
		return ts.metadataDoc()["issuer"] == ts.desc.Issuer
	},
	"metadata-no-response-types": func(ts *testServer) bool {
		_, ok := ts.metadataDoc()["response_types_supported"]
		return ok
	},
	"metadata-http-endpoint": func(ts *testServer) bool {
		return strings.HasPrefix(ts.metadataDoc()["jwks_uri"].(string), "https://")
	},
	"code-response-type-missing": func(ts *testServer) bool {
		return listed(ts.metadataDoc()["response_types_supported"], "code")
	},
	"s256-not-advertised": func(ts *testServer) bool {
		return listed(ts.metadataDoc()["code_challenge_methods_supported"], "S256")
	},
	"auth-method-unadvertised": func(ts *testServer) bool {
		return listed(ts.metadataDoc()["token_endpoint_auth_methods_supported"], "client_secret_post")
	},
	"scope-bad-chars": func(ts *testServer) bool {
		return len(ts.metadataDoc()["scopes_supported"].([]any)) == 2
	},
	"private-jwk-published": func(ts *testServer) bool {
		_, ok := ts.jwks()[0]["d"]
		return !ok
	},
	"rsa-1024": func(ts *testServer) bool { return len(ts.jwks()) == 1 },
	"hs256-jwks": func(ts *testServer) bool {
		return ts.jwks()[0]["alg"] == "RS256"
	},
	"duplicate-kid": func(ts *testServer) bool { return len(ts.jwks()) == 1 },
	"late-unavailable-500": func(ts *testServer) bool {
		c := ts.primary()
		_, params := ts.answer(ts.authorizeQuery(c), ts.desc.Users[2], "approve").redirect(ts.t)
		resp := ts.redeem(c, params.Get("code"))
		require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
		return ts.resource(withBearer(resp.json(ts.t)["access_token"].(string))).status == http.StatusOK
	},
	"x5c-other-key": func(ts *testServer) bool {
		key := ts.jwks()[0]
		der, err := base64.StdEncoding.DecodeString(key["x5c"].([]any)[0].(string))
		require.NoError(ts.t, err)
		cert, err := x509.ParseCertificate(der)
		require.NoError(ts.t, err)
		return base64.RawURLEncoding.EncodeToString(cert.PublicKey.(*rsa.PublicKey).N.Bytes()) == key["n"]
	},
	"refresh-revoke-keeps-access": func(ts *testServer) bool {
		tok := ts.tokens()
		ts.clientPost("/oauth/revoke", ts.primary(), url.Values{"token": {tok["refresh_token"].(string)}})
		return ts.resource(withBearer(tok["access_token"].(string))).status == http.StatusUnauthorized
	},
	"jwks-no-cache": func(ts *testServer) bool {
		return ts.get("/oauth/jwks", nil).header.Get("Cache-Control") != ""
	},
}
