package record

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingServer is a plain http listener that counts what reaches it.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		_, _ = w.Write([]byte(`{"access_token":"x"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestPlainHTTPIsRefusedForAnHTTPSIssuer(t *testing.T) {
	srv, hits := countingServer(t)
	u, _ := url.Parse(srv.URL)
	tr := NewTransport(Options{Issuer: "https://" + u.Host, AllowedHosts: []string{u.Host}})
	defer tr.Close()
	log := &Log{}
	form := strings.NewReader("grant_type=client_credentials&client_secret=s3cret")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/token?client_secret=in-the-query", form)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := tr.Client(log).Do(context.Background(), req)
	assert.Nil(t, resp)
	require.ErrorIs(t, err, ErrPlainHTTP)
	assert.Contains(t, err.Error(), srv.URL+"/token", "the refusal names the URL")
	assert.Contains(t, err.Error(), "the server's issuer is HTTPS; toets sends no credential in plain text")
	assert.NotContains(t, err.Error(), "in-the-query", "the query may hold a secret")
	assert.Zero(t, hits.Load(), "no byte may reach the plain listener")

	ex := log.Exchanges()
	require.Len(t, ex, 1, "the refused request is evidence too")
	assert.Nil(t, ex[0].Response)
	assert.True(t, strings.HasPrefix(ex[0].Err, "not sent: "), ex[0].Err)
	require.Len(t, log.Refused(), 1)
	assert.ErrorIs(t, log.Refused()[0], ErrPlainHTTP)
}

func TestPlainHTTPIsSentForAnHTTPIssuer(t *testing.T) {
	srv, hits := countingServer(t)
	u, _ := url.Parse(srv.URL)
	for _, issuer := range []string{srv.URL, ""} {
		tr := NewTransport(Options{Issuer: issuer, AllowedHosts: []string{u.Host}})
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
		resp, err := tr.Client(&Log{}).Do(context.Background(), req)
		require.NoError(t, err, "issuer %q", issuer)
		assert.Equal(t, 200, resp.Status)
		tr.Close()
	}
	assert.EqualValues(t, 2, hits.Load())
}

func TestRefusals(t *testing.T) {
	tr := NewTransport(Options{Issuer: "https://as.example", AllowedHosts: []string{"as.example"}})
	defer tr.Close()
	for _, tc := range []struct {
		url  string
		want error
	}{
		{"", ErrNoURL},
		{"?response_type=code&state=s", ErrNoURL},
		{"/token", ErrNoURL},
		{"https://elsewhere.example/token", ErrHostNotAllowed},
		{"http://elsewhere.example/token", ErrHostNotAllowed},
		{"HTTP://as.example/token", ErrPlainHTTP},
	} {
		log := &Log{}
		req, err := http.NewRequest(http.MethodGet, tc.url, nil)
		require.NoError(t, err)
		_, err = tr.Client(log).Do(context.Background(), req)
		assert.ErrorIs(t, err, tc.want, "%q", tc.url)
		if assert.Len(t, log.Refused(), 1, "%q", tc.url) {
			assert.True(t, errors.Is(log.Refused()[0], tc.want))
		}
	}
}

func TestRefusePlainHTTP(t *testing.T) {
	for _, tc := range []struct {
		issuer, url string
		refused     bool
	}{
		{"https://as.example", "http://as.example/authorize?state=s", true},
		{"https://as.example", "https://as.example/authorize", false},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/authorize", false},
		{"", "http://as.example/authorize", false},
	} {
		err := RefusePlainHTTP(tc.issuer, tc.url)
		assert.Equal(t, tc.refused, errors.Is(err, ErrPlainHTTP), "%s under %q: %v", tc.url, tc.issuer, err)
		if err != nil {
			assert.NotContains(t, err.Error(), "state=s")
		}
	}
}
