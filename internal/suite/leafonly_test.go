package suite

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/tlsprobe"
)

// TestBrowserTrustsLeafOnlyServer: a server of a private CA that sends only
// its own certificate (the usual case) is trusted by the browser exactly
// when the target file's CA verifies it. Trusting the CA's key alone made
// Chromium refuse every page (ERR_CERT_AUTHORITY_INVALID) while the
// preflight said the chain verified.
func TestBrowserTrustsLeafOnlyServer(t *testing.T) {
	ca, err := embedded.CA()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ca.ServerTLS(net.IPv4(127, 0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Certificates[0].Certificate = cfg.Certificates[0].Certificate[:1] // the leaf alone
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<!doctype html><title>ok</title><p>leaf-only page"))
	}))
	srv.TLS = cfg
	srv.StartTLS()
	defer srv.Close()

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.CertPEM())
	clientTLS := &tls.Config{RootCAs: pool}

	open := func(opts browser.Options) (string, error) {
		opts.Bin = os.Getenv("TOETS_BROWSER")
		b := browser.New(opts)
		defer b.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s, err := b.Session(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Navigate(ctx, srv.URL); err != nil {
			return "", err
		}
		return s.Text(ctx)
	}
	// The CA's key alone: Chromium finds no certificate of it in the chain.
	if text, err := open(browser.Options{TrustedCAs: [][]byte{ca.CertPEM()}}); err == nil && strings.Contains(text, "leaf-only page") {
		t.Log("this Chromium trusts a leaf-only chain by the CA's key alone; the leaf trust below is then a no-op")
	}
	leaves := func(ctx context.Context) [][]byte {
		return tlsprobe.TrustedLeaves(ctx, []string{srv.Listener.Addr().String()}, clientTLS)
	}
	text, err := open(browser.Options{TrustedCAs: [][]byte{ca.CertPEM()}, TrustedLeaves: leaves})
	if err != nil || !strings.Contains(text, "leaf-only page") {
		t.Fatalf("with the verified leaf trusted, the page must load: %q, %v", text, err)
	}

	// A leaf the file's CA does not verify is never trusted.
	if got := tlsprobe.TrustedLeaves(context.Background(), []string{srv.Listener.Addr().String()}, &tls.Config{RootCAs: x509.NewCertPool()}); len(got) != 0 {
		t.Errorf("an unverified leaf was trusted: %d certificates", len(got))
	}
}
