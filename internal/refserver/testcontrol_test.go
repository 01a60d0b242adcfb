package refserver

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClockHookIsOffByDefault(t *testing.T) {
	ts := startServer(t)
	assert.Empty(t, ts.desc.TestControlToken)
	resp := ts.post("/_toets/clock", url.Values{"advance": {"1h"}}, nil)
	assert.Equal(t, http.StatusNotFound, resp.status)
}

func TestClockHook(t *testing.T) {
	srv, err := Start(Options{TestControl: true})
	require.NoError(t, err)
	desc := srv.Description()
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(desc.CACertPEM))
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		srv.Close()
	})
	ts := &testServer{t: t, srv: srv, desc: desc, client: &http.Client{Transport: transport, Timeout: 5 * time.Second}}

	tok := desc.TestControlToken
	require.NotEmpty(t, tok)
	assert.Contains(t, srv.Issued(), tok, "the token is a secret of the run")
	before := srv.now()
	for _, tc := range []struct {
		name   string
		bearer string
		form   url.Values
		status int
	}{
		{"no token", "", url.Values{"advance": {"1h"}}, http.StatusUnauthorized},
		{"wrong token", "wrong", url.Values{"advance": {"1h"}}, http.StatusUnauthorized},
		{"not a duration", tok, url.Values{"advance": {"soon"}}, http.StatusBadRequest},
		{"zero", tok, url.Values{"advance": {"0s"}}, http.StatusBadRequest},
		{"forward", tok, url.Values{"advance": {"11m"}}, http.StatusNoContent},
		{"back", tok, url.Values{"advance": {"-1m"}}, http.StatusNoContent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := ts.with(t).post("/_toets/clock", tc.form, withBearer(tc.bearer))
			assert.Equal(t, tc.status, resp.status, resp.body)
		})
	}
	assert.WithinDuration(t, before.Add(10*time.Minute), srv.now(), 5*time.Second)
}
