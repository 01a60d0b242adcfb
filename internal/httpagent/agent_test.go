package httpagent

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/url"
	"strings"
	"testing"

	"github.com/toets/toets/internal/agent"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/refserver"
)

// TestLoginAndConsentOnTheReferenceServer drives the reference server's
// pages without a browser, with the same script a target file gives.
func TestLoginAndConsentOnTheReferenceServer(t *testing.T) {
	srv, err := refserver.Start(refserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	d := srv.Description()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(d.CACertPEM)
	u, _ := url.Parse(d.Issuer)
	tr := record.NewTransport(record.Options{TLS: &tls.Config{RootCAs: pool}, AllowedHosts: []string{u.Host}})
	log := &record.Log{}
	c := d.Clients[0]
	s := NewSession(tr.Client(log), []string{c.RedirectURI})
	q := url.Values{"response_type": {"code"}, "client_id": {c.ID}, "redirect_uri": {c.RedirectURI}, "scope": {d.Scope}, "state": {"st-ate"}}
	ctx := context.Background()
	if err := s.Navigate(ctx, d.Issuer+"/oauth/authorize?"+q.Encode()); err != nil {
		t.Fatal(err)
	}
	user := map[string]string{"username": d.Users[0].Username, "password": d.Users[0].Password}
	login := []agent.Action{
		{Do: "fill", Target: agent.Selector{CSS: "#username"}, Value: "{username}"},
		{Do: "fill", Target: agent.Selector{CSS: "#password"}, Value: "{password}"},
		{Do: "click", Target: agent.Selector{CSS: "#login"}},
	}
	if err := s.Run(ctx, login, user); err != nil {
		t.Fatal(err)
	}
	text, _ := s.Text(ctx)
	if !strings.Contains(text, c.Name) {
		t.Errorf("the consent page should name the client %q: %q", c.Name, text)
	}
	if err := s.Run(ctx, []agent.Action{{Do: "click", Target: agent.Selector{CSS: "#approve"}}}, user); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Query().Get("code") == "" || cb.Query().Get("state") != "st-ate" {
		t.Fatalf("callback %s", cb)
	}
	if len(log.Exchanges()) < 3 {
		t.Errorf("the pages should be in the evidence, got %d exchanges", len(log.Exchanges()))
	}
}

// TestCredentialsStayOnNamedHosts: a form that posts elsewhere is not sent.
func TestCredentialsStayOnNamedHosts(t *testing.T) {
	srv, err := refserver.Start(refserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	d := srv.Description()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(d.CACertPEM)
	tr := record.NewTransport(record.Options{TLS: &tls.Config{RootCAs: pool}, AllowedHosts: []string{"elsewhere.test"}})
	s := NewSession(tr.Client(&record.Log{}), nil)
	err = s.Navigate(context.Background(), d.Issuer+"/oauth/authorize")
	if err == nil || !strings.Contains(err.Error(), "not named") {
		t.Fatalf("a request to a host the target file does not name must not be sent, got %v", err)
	}
}
