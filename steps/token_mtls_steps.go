package steps

import (
	"context"
	"crypto/tls"
	"fmt"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/internal/tlsprobe"
)

// Mutual TLS client authentication at the token endpoint (RFC 8705 §2.1,
// MedMij core.tls.314). The target file's tls.client_cert is the
// certificate registered for its tls_client_auth client.

func registerTokenMTLS(sc *godog.ScenarioContext) {
	sc.Step(`^the tls_client_auth client redeems an authorization code that the server never issued, (presenting its registered certificate|without a client certificate|presenting a self-signed certificate with the registered subject)$`, mtlsRedeemUnknownCode)
	sc.Step(`^the token endpoint refuses the client with invalid_client or a failed TLS handshake$`, mtlsRefused)
}

// mtlsClient is the target file's first tls_client_auth client.
func mtlsClient(w *World) (target.ResolvedClient, error) {
	for _, c := range w.env.Target.Clients {
		if c.AuthMethod == "tls_client_auth" {
			return c, nil
		}
	}
	return target.ResolvedClient{}, outcome.NotApplicable("the target file has no client with auth_method tls_client_auth (and tls.client_cert); this rule needs one")
}

func mtlsRedeemUnknownCode(ctx context.Context, how string) error {
	w := WorldFrom(ctx)
	c, err := mtlsClient(w)
	if err != nil {
		return err
	}
	w.client = c
	base := w.env.Target.TLS
	if base == nil || len(base.Certificates) == 0 {
		return outcome.Harness("the target file has no tls.client_cert for the tls_client_auth client")
	}
	req, err := oauth.TokenRequest(w.env.Target.Endpoints.Token, credentials(c), codeForm(w, "toets-never-issued-"+oauth.Random(16)))
	if err != nil {
		return outcome.Harness("building the token request: %v", err)
	}
	if how == "presenting its registered certificate" {
		// The run's transport presents tls.client_cert already.
		return sendTokenRequest(ctx, req)
	}
	cfg := base.Clone()
	cfg.Certificates = nil
	if how == "presenting a self-signed certificate with the registered subject" {
		registered, err := tlsprobe.Leaf(base.Certificates[0])
		if err != nil {
			return outcome.Harness("reading tls.client_cert: %v", err)
		}
		fake, err := tlsprobe.Impostor(registered)
		if err != nil {
			return outcome.Harness("making a self-signed certificate: %v", err)
		}
		cfg.Certificates = []tls.Certificate{fake}
		w.Note("presenting a self-signed certificate with subject %s", registered.Subject)
	}
	// A transport of its own: the run's one presents the real certificate.
	transport := record.NewTransport(record.Options{TLS: cfg, AllowedHosts: w.env.Target.AllowedHosts(), Issuer: w.env.Target.IssuerURL(), Secret: w.env.Redactor.Add})
	defer transport.Close()
	resp, err := transport.Client(w.log).Do(ctx, req)
	w.last, w.lastToken, w.lastTokenErr = resp, nil, nil
	if err != nil {
		if tlsprobe.HandshakeRefused(err) {
			w.handshakeRefusal = err.Error()
			w.Note("the token endpoint refused the TLS connection: %v", err)
			return nil
		}
		return fmt.Errorf("the token endpoint gave no usable response: %w", err)
	}
	w.lastToken, w.lastTokenErr = oauth.ParseTokenResponse(resp.Body)
	return nil
}

// mtlsRefused accepts either refusal RFC 8705 allows a server: a handshake
// that fails, or invalid_client (RFC 6749 §5.2, 400 or 401) from the token
// endpoint.
func mtlsRefused(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.handshakeRefusal != "" {
		w.Note("refused at the TLS handshake (%s): accepted as a refusal", w.handshakeRefusal)
		return nil
	}
	if w.last == nil {
		return outcome.Harness("no token request was sent in this scenario")
	}
	got := fmt.Sprintf("HTTP %d %s", w.last.Status, bodySnippet(w.last.Body))
	ok := (w.last.Status == 400 || w.last.Status == 401) && w.lastToken != nil && w.lastToken.Error == "invalid_client"
	expect(ctx, ok, "a tls_client_auth client without its registered certificate (RFC 8705 §2.1, §2.1.2; MedMij core.tls.314)",
		"a failed TLS handshake, or HTTP 401 (or 400) with error invalid_client", got, implementation)
	return nil
}
