package steps

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/tlsprobe"
)

func registerTLSCertificate(sc *godog.ScenarioContext) {
	sc.Step(`^toets verifies the certificate of every HTTPS endpoint of the target$`, verifyCertificates)
	sc.Step(`^every certificate verifies for its host$`, everyCertificateVerifies)
}

// certCheck is one endpoint's verification: nil err means it verified.
type certCheck struct {
	addr string
	err  error
}

func verifyCertificates(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.env.Target.TLS != nil && w.env.Target.TLS.InsecureSkipVerify {
		return outcome.Harness("certificate verification is switched off in the target file (tls.insecure_skip_verify); give the CA that issued the target's certificates (tls.ca_file) to judge this rule")
	}
	addrs, err := httpsAddrs(w)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		err := tlsprobe.Verify(ctx, a, w.env.Target.TLS)
		var dial *net.OpError
		if errors.As(err, &dial) && dial.Op == "dial" {
			return outcome.Harness("could not reach %s to check its certificate: %v", a, err)
		}
		w.Note("certificate of %s: %s", a, verdictOf(err))
		w.certChecks = append(w.certChecks, certCheck{a, err})
	}
	return nil
}

func verdictOf(err error) string {
	if err == nil {
		return "verifies"
	}
	return err.Error()
}

func everyCertificateVerifies(ctx context.Context) error {
	w := WorldFrom(ctx)
	if len(w.certChecks) == 0 {
		return outcome.Harness("no certificate was checked in this scenario")
	}
	var bad []string
	for _, c := range w.certChecks {
		if c.err != nil {
			bad = append(bad, c.addr+": "+c.err.Error())
		}
	}
	expect(ctx, len(bad) == 0,
		"the certificate of every HTTPS endpoint (RFC 9110 §4.3.4: valid for the host; a chain to a trusted root, within its validity period)",
		"a certificate that verifies for each host", strings.Join(bad, "; "),
		"likely cause: the implementation (its certificate), or the target file when its tls.ca_file is not the CA that issued the certificate")
	return nil
}
