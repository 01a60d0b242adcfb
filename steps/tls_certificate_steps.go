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
	sc.Step(`^toets reads the certificate of the authorization endpoint$`, readFrontCertificate)
	sc.Step(`^toets reads the certificate chain of every back-channel endpoint$`, readBackChannelChains)
	sc.Step(`^every chain ends at a root of the target file's back_channel_roots$`, everyChainEndsAtBackChannelRoot)
	sc.Step(`^the certificate carries the OV policy and no wildcard name$`, frontCertificateIsOV)
}

// readFrontCertificate reads the certificate a person's browser is shown
// at the authorization endpoint.
func readFrontCertificate(ctx context.Context) error {
	w := WorldFrom(ctx)
	addrs := tlsprobe.HTTPSAddrs([]string{w.env.Target.Endpoints.Authorization})
	if len(addrs) == 0 {
		return outcome.Harness("the authorization endpoint %q is not an https URL", w.env.Target.Endpoints.Authorization)
	}
	leaf, err := tlsprobe.ServerLeaf(ctx, addrs[0], w.env.Target.TLS)
	if err != nil {
		return outcome.Harness("reading the certificate of %s: %v (tls-certificate-valid judges a certificate that does not verify)", addrs[0], err)
	}
	w.frontLeaf = leaf
	w.Note("certificate of the authorization endpoint %s: subject %s, names %v", addrs[0], leaf.Subject, leaf.DNSNames)
	return nil
}

func frontCertificateIsOV(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.frontLeaf == nil {
		return outcome.Harness("no certificate was read in this scenario")
	}
	problems := tlsprobe.FrontChannelProblems(w.frontLeaf)
	expect(ctx, len(problems) == 0,
		"the certificate of the browser-facing authorization endpoint (MedMij AF-1273: OV, no wildcard; CA/Browser Forum Baseline Requirements §7.1.6.1)",
		"the OV policy 2.23.140.1.2.2 and no name starting with *", strings.Join(problems, "; "), implementation)
	return nil
}

// certCheck is one endpoint's verification: nil err means it verified.
type certCheck struct {
	addr string
	err  error
}

func verifyCertificates(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.env.Target.TLS != nil && w.env.Target.TLS.InsecureSkipVerify {
		return outcome.NotApplicable("certificate verification is switched off in the target file (tls.insecure_skip_verify); give the CA that issued the target's certificates (tls.ca_file) to judge this rule")
	}
	addrs, err := httpsAddrs(w)
	if err != nil {
		return err
	}
	return checkCertificates(w, addrs, "certificate", func(a string) error { return tlsprobe.Verify(ctx, a, w.env.Target.TLS) })
}

// checkCertificates runs check on every address and keeps the results for
// the Then step; an address that cannot be reached at all gives no TLS
// answer to judge, which ends the scenario as an error, never a pass.
func checkCertificates(w *World, addrs []string, what string, check func(addr string) error) error {
	for _, a := range addrs {
		err := check(a)
		var dial *net.OpError
		if errors.As(err, &dial) && dial.Op == "dial" {
			return outcome.Harness("could not reach %s to read its %s: %v", a, what, err)
		}
		w.Note("%s of %s: %s", what, a, verdictOf(err))
		w.certChecks = append(w.certChecks, certCheck{a, err})
	}
	return nil
}

// certFailures are the kept checks that failed, one line each.
func certFailures(w *World) ([]string, error) {
	if len(w.certChecks) == 0 {
		return nil, outcome.Harness("no certificate was checked in this scenario")
	}
	var bad []string
	for _, c := range w.certChecks {
		if c.err != nil {
			bad = append(bad, c.addr+": "+c.err.Error())
		}
	}
	return bad, nil
}

func verdictOf(err error) string {
	if err == nil {
		return "verifies"
	}
	return err.Error()
}

func everyCertificateVerifies(ctx context.Context) error {
	bad, err := certFailures(WorldFrom(ctx))
	if err != nil {
		return err
	}
	expect(ctx, len(bad) == 0,
		"the certificate of every HTTPS endpoint (RFC 9110 §4.3.4: valid for the host; a chain to a trusted root, within its validity period)",
		"a certificate that verifies for each host", strings.Join(bad, "; "),
		"likely cause: the implementation (its certificate), or the target file when its tls.ca_file is not the CA that issued the certificate")
	return nil
}

// readBackChannelChains checks, per back-channel host, that its chain ends
// at one of tls.back_channel_roots (MedMij core.tls.314).
func readBackChannelChains(ctx context.Context) error {
	w := WorldFrom(ctx)
	t := w.env.Target
	if t.BackChannelRoots == nil {
		return outcome.NotApplicable("the target file has no tls.back_channel_roots: give the PEM of the Staat der Nederlanden Private Root CA - G1 (MedMij core.tls.314) to judge this rule")
	}
	e := t.Endpoints
	addrs := tlsprobe.HTTPSAddrs([]string{e.Token, e.Introspection, e.Revocation, t.File.Resource.URL})
	if len(addrs) == 0 {
		return outcome.Harness("the target names no https back-channel endpoint (token, introspection, revocation, resource)")
	}
	return checkCertificates(w, addrs, "certificate chain against tls.back_channel_roots", func(a string) error {
		return tlsprobe.ChainsTo(ctx, a, t.TLS, t.BackChannelRoots)
	})
}

func everyChainEndsAtBackChannelRoot(ctx context.Context) error {
	bad, err := certFailures(WorldFrom(ctx))
	if err != nil {
		return err
	}
	expect(ctx, len(bad) == 0,
		"the certificate chain of every back-channel endpoint (MedMij core.tls.314: a PKIoverheid G1 certificate under the Staat der Nederlanden Private Root CA - G1)",
		"a chain to a root of tls.back_channel_roots, for the endpoint's own host", strings.Join(bad, "; "),
		"likely cause: the implementation (its back-channel certificate), or the target file when back_channel_roots is not the MedMij root")
	return nil
}
