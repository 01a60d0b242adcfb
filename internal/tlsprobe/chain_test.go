package tlsprobe

import (
	"context"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestChainsTo(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "https://")

	own := x509.NewCertPool()
	own.AddCert(srv.Certificate())
	if err := ChainsTo(context.Background(), addr, nil, own); err != nil {
		t.Errorf("a certificate under the given root: %v", err)
	}
	if err := ChainsTo(context.Background(), addr, nil, x509.NewCertPool()); err == nil {
		t.Error("a certificate under another root must not chain")
	}
}
