package target

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fileAt(issuer string) *File {
	return &File{Name: "x", Profile: "oauth2", Issuer: issuer,
		Clients: []Client{{ClientID: "c", AuthMethod: "none", RedirectURI: "https://client.example/cb"}},
		Users:   []User{{Username: "u"}}, Scopes: Scopes{Granted: "s"}}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.8.9.10": true, "::1": true, "localhost": true, "LocalHost": true, "localhost.": true,
		"128.0.0.1": false, "10.0.0.1": false, "::ffff:10.0.0.1": false, "example.com": false, "localhost.example.com": false, "": false,
	} {
		assert.Equal(t, want, Loopback(host), host)
	}
}

func TestPlainHTTPIssuer(t *testing.T) {
	for _, tc := range []struct {
		issuer string
		ok     bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://localhost/realms/x", true},
		{"http://[::1]:9000", true},
		{"http://as.example", false},
		{"http://192.168.1.5", false},
		{"https://as.example", true},
	} {
		tgt, err := Resolve(fileAt(tc.issuer), "")
		if !tc.ok {
			require.Error(t, err, tc.issuer)
			assert.NotContains(t, err.Error(), "\n", "one line")
			assert.Contains(t, err.Error(), "not loopback")
			continue
		}
		require.NoError(t, err, tc.issuer)
		hasNotice := strings.Contains(strings.Join(tgt.Notices, "\n"), "plain http")
		assert.Equal(t, strings.HasPrefix(tc.issuer, "http:"), hasNotice, "%s: notice %v", tc.issuer, tgt.Notices)
	}

	f := fileAt("")
	f.MetadataURL = "http://as.example/.well-known/oauth-authorization-server"
	_, err := Resolve(f, "")
	assert.ErrorContains(t, err, "metadata_url http://as.example")
}

func TestPlainHTTPURLsUnderAnHTTPSIssuer(t *testing.T) {
	f := fileAt("https://as.example")
	f.Endpoints.Token = "http://as.example/token"
	f.Resource.URL = "http://rs.example/data"
	_, err := Resolve(f, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "endpoints.token http://as.example/token is plain http but the issuer is https")
	assert.Contains(t, err.Error(), "resource.url http://rs.example/data")

	f = fileAt("http://127.0.0.1:9")
	f.Endpoints.Token = "http://127.0.0.1:9/token"
	_, err = Resolve(f, "")
	assert.NoError(t, err, "a loopback http issuer may have http endpoints")
}

func TestEndpointUnknown(t *testing.T) {
	newTarget := func() *Target {
		tgt, err := Resolve(fileAt("https://as.example"), "")
		require.NoError(t, err)
		return tgt
	}

	tgt := newTarget()
	err := tgt.Discover([]byte("{{garbage"))
	require.Error(t, err)
	assert.Contains(t, tgt.MetadataProblem, "not a JSON object")
	assert.Contains(t, tgt.MetadataProblem, `"{{garbage"`, "says what the server sent")
	for _, key := range []string{"authorization", "token", "jwks", "introspection", "revocation"} {
		err := tgt.EndpointUnknown(key)
		require.Error(t, err, "broken metadata: even an optional endpoint is unknown, not absent")
		assert.Contains(t, err.Error(), "set endpoints."+key)
	}
	tgt.Endpoints.Token = "https://as.example/token"
	assert.NoError(t, tgt.EndpointUnknown("token"))

	tgt = newTarget()
	assert.ErrorContains(t, tgt.Discover([]byte(`{"issuer":"https://as.example","authorization_endpoint":"https://as.example/a","token_endpoint":"/relative"}`)), "not an absolute URL")
	assert.NoError(t, tgt.EndpointUnknown("authorization"))
	assert.NoError(t, tgt.EndpointUnknown("jwks"), "valid metadata without jwks_uri: the server has none, its rules are not applicable")
	assert.ErrorContains(t, tgt.EndpointUnknown("token"), "no usable token_endpoint")

	tgt = newTarget()
	err = tgt.Discover([]byte(`{"token_endpoint":"https://evil.example/t"}`))
	assert.True(t, errors.Is(err, ErrForeignHost), "%v", err)
	assert.Empty(t, tgt.MetadataProblem, "a foreign host is the file's to settle, not a broken document")
}
