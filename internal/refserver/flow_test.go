package refserver

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"all interfaces", Options{Addr: ":0"}},
		{"a public address", Options{Addr: "192.0.2.1:0"}},
		{"a host name", Options{Addr: "localhost:0"}},
		{"no port", Options{Addr: "127.0.0.1"}},
		{"an unknown fault", Options{Faults: []string{"no-such-fault"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := Start(tc.opts)
			if err == nil {
				srv.Close()
			}
			assert.Error(t, err)
		})
	}
}

func TestDescription(t *testing.T) {
	ts := startServer(t, "code-reusable")
	d := ts.desc

	assert.Regexp(t, `^https://127\.0\.0\.1:[0-9]+$`, d.Issuer)
	assert.Equal(t, d.Issuer+"/fhir/MedicationStatement", d.ResourceURL)
	assert.Equal(t, "eenofanderezorgaanbieder", d.Scope)
	assert.Equal(t, []string{"code-reusable"}, d.Faults)

	require.Len(t, d.Clients, 4)
	assert.Equal(t, "private_key_jwt", d.Clients[2].AuthMethod)
	assert.Equal(t, "tls_client_auth", d.Clients[3].AuthMethod) // mtls.go
	assert.Equal(t, Client{ID: "pgo-one.toets.invalid", Secret: d.Clients[0].Secret, AuthMethod: "client_secret_basic",
		RedirectURI: "https://pgo-one.toets.invalid/callback", Name: "PGO Een", Rights: []string{dataScope, allergyScope}}, d.Clients[0])
	assert.Equal(t, Client{ID: "pgo-two.toets.invalid", Secret: d.Clients[1].Secret, AuthMethod: "client_secret_post",
		RedirectURI: "https://pgo-two.toets.invalid/callback", Name: "PGO Twee", Rights: []string{dataScope}, DefaultScopes: []string{statusScope}}, d.Clients[1])
	require.Len(t, d.Users, 4)
	assert.Equal(t, "alice", d.Users[0].Username)
	assert.True(t, d.Users[0].HasData)
	assert.Equal(t, "bob", d.Users[1].Username)
	assert.False(t, d.Users[1].HasData)

	// Secrets: random, at least 128 bits of base64url, and all in Issued.
	require.True(t, strings.HasSuffix(d.Clients[0].Secret, reservedSecretChars), "the primary secret needs form-encoding")
	secrets := []string{strings.TrimSuffix(d.Clients[0].Secret, reservedSecretChars), d.Clients[1].Secret, d.Users[0].Password, d.Users[1].Password}
	for _, s := range secrets {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err, s)
		assert.GreaterOrEqual(t, len(raw), 16)
		assert.Contains(t, ts.srv.Issued(), s)
	}
	other := startServer(t)
	assert.NotEqual(t, d.Clients[0].Secret, other.desc.Clients[0].Secret, "secrets are new at every Start")

	// The CA: ECDSA P-256, valid for a day, and it signed a certificate
	// for 127.0.0.1 (the TLS handshakes of the other tests prove that).
	block, _ := pem.Decode(d.CACertPEM)
	require.NotNil(t, block)
	ca, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	assert.True(t, ca.IsCA)
	assert.Equal(t, x509.ECDSA, ca.PublicKeyAlgorithm)
	assert.Equal(t, certLifetime+time.Minute, ca.NotAfter.Sub(ca.NotBefore), "valid from a minute ago (clock skew) for certLifetime")
}

// TestFullFlow walks the flow over plain HTTP, as the harness's HTTP agent
// does: authorization request, login form, consent form, code, token,
// resource.
func TestFullFlow(t *testing.T) {
	ts := startServer(t)
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])

	for _, tc := range []struct {
		name   string
		client Client
		pkce   bool
	}{
		{"primary client, client_secret_basic", ts.primary(), false},
		{"second client, client_secret_post", ts.second(), false},
		{"with PKCE", ts.primary(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := ts.with(t)
			c := tc.client
			query := ts.authorizeQuery(c)
			// Unknown parameters are ignored (RFC 6749 §3.1).
			query.Set("MedMij-Request-ID", "5c1c7c1e-0000-4000-8000-000000000001")
			query.Set("X-Correlation-ID", "5c1c7c1e-0000-4000-8000-000000000002")
			if tc.pkce {
				query.Set("code_challenge", challenge)
				query.Set("code_challenge_method", "S256")
			}

			loginPage := ts.authorize(query)
			require.Equal(t, http.StatusOK, loginPage.status, loginPage.body)
			for _, id := range []string{`id="username"`, `id="password"`, `id="login"`, `id="cancel"`} {
				assert.Contains(t, loginPage.body, id)
			}
			assertPageHeaders(t, loginPage)

			consentPage, id := ts.login(query, ts.alice())
			require.Equal(t, http.StatusOK, consentPage.status)
			for _, text := range []string{c.Name, "Medicatiegegevens", "Zorgaanbieder Toets", `id="approve"`, `id="deny"`} {
				assert.Contains(t, consentPage.body, text)
			}
			assertPageHeaders(t, consentPage)

			answer := ts.post("/oauth/consent", url.Values{"request": {id}, "action": {"approve"}}, nil)
			to, params := answer.redirect(t)
			assert.Equal(t, c.RedirectURI, to)
			assert.Equal(t, "st-4711", params.Get("state"))
			assert.Equal(t, ts.desc.Issuer, params.Get("iss"))
			code := params.Get("code")
			assert.Contains(t, ts.srv.Issued(), code)

			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.RedirectURI}}
			if tc.pkce {
				form.Set("code_verifier", verifier)
			}
			tokenResp := ts.clientPost("/oauth/token", c, form)
			require.Equal(t, http.StatusOK, tokenResp.status, tokenResp.body)
			assert.Equal(t, "no-store", tokenResp.header.Get("Cache-Control"))
			assert.Equal(t, "no-cache", tokenResp.header.Get("Pragma"))
			tok := tokenResp.json(t)
			assert.Equal(t, "Bearer", tok["token_type"])
			assert.EqualValues(t, 900, tok["expires_in"])
			assert.Equal(t, ts.desc.Scope, tok["scope"])
			access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
			assert.Contains(t, ts.srv.Issued(), access)
			assert.Contains(t, ts.srv.Issued(), refresh)

			data := ts.resource(func(req *http.Request) {
				withBearer(access)(req)
				req.Header.Set("MedMij-Request-ID", "5c1c7c1e-0000-4000-8000-000000000003")
				req.Header.Set("X-Correlation-ID", "5c1c7c1e-0000-4000-8000-000000000002")
			})
			require.Equal(t, http.StatusOK, data.status, data.body)
			assert.Equal(t, "application/fhir+json", data.header.Get("Content-Type"))
			bundle := data.json(t)
			assert.Equal(t, "Bundle", bundle["resourceType"])
			assert.Equal(t, "searchset", bundle["type"])
			assert.Equal(t, []string{"Alice Toets"}, patientNames(t, data.body))
			assert.Contains(t, data.body, `"resourceType":"MedicationStatement"`)
		})
	}
}

func assertPageHeaders(t *testing.T, page response) {
	t.Helper()
	assert.Equal(t, "DENY", page.header.Get("X-Frame-Options"))
	assert.Equal(t, "frame-ancestors 'none'", page.header.Get("Content-Security-Policy"))
	assert.Equal(t, "max-age=31536000", page.header.Get("Strict-Transport-Security"))
	assert.Equal(t, "no-store", page.header.Get("Cache-Control"))
	assert.True(t, strings.HasPrefix(page.header.Get("Content-Type"), "text/html"))
	for _, external := range []string{"<script", "<img", "<link", "@import", "url("} {
		assert.NotContains(t, page.body, external, "pages load nothing from elsewhere")
	}
}

func TestLoginAndConsent(t *testing.T) {
	ts := startServer(t)
	query := ts.authorizeQuery(ts.primary())

	t.Run("a wrong password shows the login page again", func(t *testing.T) {
		ts := ts.with(t)
		page, id := ts.login(query, User{Username: "alice", Password: "wrong"})
		assert.Equal(t, http.StatusOK, page.status)
		assert.Contains(t, page.body, "Onbekende gebruikersnaam of wachtwoord")
		assert.Equal(t, id, requestID(t, page), "the same pending request")
		assert.NotContains(t, page.body, `id="approve"`)
		unknown, _ := ts.login(query, User{Username: "mallory", Password: "wrong"})
		assert.Contains(t, unknown.body, "Onbekende gebruikersnaam of wachtwoord")
	})

	t.Run("cancel returns access_denied", func(t *testing.T) {
		ts := ts.with(t)
		page := ts.authorize(query)
		resp := ts.post("/oauth/login", url.Values{"request": {requestID(t, page)}, "action": {"cancel"}}, nil)
		to, params := resp.redirect(t)
		assert.Equal(t, ts.primary().RedirectURI, to)
		assert.Equal(t, url.Values{"error": {"access_denied"}, "state": {"st-4711"}, "iss": {ts.desc.Issuer}}, params)
	})

	t.Run("deny returns access_denied", func(t *testing.T) {
		ts := ts.with(t)
		_, params := ts.answer(query, ts.alice(), "deny").redirect(t)
		assert.Equal(t, url.Values{"error": {"access_denied"}, "state": {"st-4711"}, "iss": {ts.desc.Issuer}}, params)
	})

	t.Run("no data looks exactly like a denial", func(t *testing.T) {
		ts := ts.with(t)
		denied := ts.answer(query, ts.alice(), "deny")
		noData := ts.answer(query, ts.bob(), "approve")
		bobDenies := ts.answer(query, ts.bob(), "deny")
		assert.Equal(t, denied.header.Get("Location"), noData.header.Get("Location"))
		assert.Equal(t, denied.header.Get("Location"), bobDenies.header.Get("Location"))
		assert.Equal(t, denied.status, noData.status)
		assert.Equal(t, denied.body, noData.body)
		assert.NotContains(t, noData.header.Get("Location"), "error_description")
	})

	t.Run("an answer counts once", func(t *testing.T) {
		ts := ts.with(t)
		_, id := ts.login(query, ts.alice())
		first := ts.post("/oauth/consent", url.Values{"request": {id}, "action": {"approve"}}, nil)
		assert.Equal(t, http.StatusFound, first.status)
		second := ts.post("/oauth/consent", url.Values{"request": {id}, "action": {"approve"}}, nil)
		assert.Equal(t, http.StatusBadRequest, second.status)
		assert.Empty(t, second.header.Get("Location"))
	})

	t.Run("consent needs a login first", func(t *testing.T) {
		ts := ts.with(t)
		page := ts.authorize(query)
		resp := ts.post("/oauth/consent", url.Values{"request": {requestID(t, page)}, "action": {"approve"}}, nil)
		assert.Equal(t, http.StatusBadRequest, resp.status)
		assert.Empty(t, resp.header.Get("Location"))
	})
}

func TestMetadataAndJWKS(t *testing.T) {
	ts := startServer(t)
	resp := ts.get("/.well-known/oauth-authorization-server", nil)
	require.Equal(t, http.StatusOK, resp.status)
	m := resp.json(t)
	iss := ts.desc.Issuer
	assert.Equal(t, iss, m["issuer"])
	for field, path := range map[string]string{
		"authorization_endpoint": "/oauth/authorize",
		"jwks_uri":               "/oauth/jwks",
		"introspection_endpoint": "/oauth/introspect",
		"revocation_endpoint":    "/oauth/revoke",
	} {
		assert.Equal(t, iss+path, m[field], field)
	}
	assert.Equal(t, []any{"code"}, m["response_types_supported"])
	assert.Equal(t, []any{"S256"}, m["code_challenge_methods_supported"])
	// The medmij back channel is mutual TLS (mtls.go): the token endpoint is there.
	assert.Equal(t, ts.desc.BackChannel+"/oauth/token", m["token_endpoint"])
	assert.Equal(t, []any{"client_secret_basic", "client_secret_post", "private_key_jwt", "tls_client_auth"}, m["token_endpoint_auth_methods_supported"])
	assert.Equal(t, []any{"authorization_code", "client_credentials", "refresh_token"}, m["grant_types_supported"])
	assert.Equal(t, true, m["authorization_response_iss_parameter_supported"])
	assert.Contains(t, m["scopes_supported"], ts.desc.Scope)

	jwks := ts.get("/oauth/jwks", nil)
	require.Equal(t, http.StatusOK, jwks.status)
	assert.Contains(t, jwks.header.Get("Cache-Control"), "max-age=3600")
	keys := jwks.json(t)["keys"].([]any)
	require.Len(t, keys, 1)
	key := keys[0].(map[string]any)
	assert.Equal(t, "RSA", key["kty"])
	assert.Equal(t, "sig", key["use"])
	assert.Equal(t, "RS256", key["alg"])
	assert.Equal(t, "AQAB", key["e"])
	assert.NotEmpty(t, key["kid"])
	n, err := base64.RawURLEncoding.DecodeString(key["n"].(string))
	require.NoError(t, err)
	assert.Len(t, n, 512, "RSA-4096 (signingkey.go)")
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		assert.NotContains(t, key, private)
	}
}
