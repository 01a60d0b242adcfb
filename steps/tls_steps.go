package steps

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/tlsprobe"
)

func registerTLS(sc *godog.ScenarioContext) {
	sc.Step(`^toets connects to every HTTPS endpoint of the target offering only (TLS 1\.0|TLS 1\.1|TLS 1\.2)$`, probeOneVersion)
	sc.Step(`^toets connects to every HTTPS endpoint of the target offering TLS 1\.2 and TLS 1\.3$`, probeBothVersions)
	sc.Step(`^toets connects to every HTTPS endpoint of the target offering TLS 1\.2 with one cipher suite outside the NCSC "goed" set at a time$`, probeWeakSuites)
	sc.Step(`^every endpoint completes the handshake with (TLS 1\.2|TLS 1\.3)$`, everyHandshakeCompletes)
	sc.Step(`^every endpoint refuses every such handshake$`, everyHandshakeRefused)
	sc.Step(`^the page is served with a Strict-Transport-Security header with a positive max-age$`, pageHasHSTS)
	registerTLSCertificate(sc)
}

var tlsVersions = map[string]uint16{"TLS 1.0": tls.VersionTLS10, "TLS 1.1": tls.VersionTLS11, "TLS 1.2": tls.VersionTLS12, "TLS 1.3": tls.VersionTLS13}

// httpsAddrs are the distinct hosts of every endpoint the target file and
// its metadata name, the ones toets talks to (MedMij core.tls.300: all
// traffic).
func httpsAddrs(w *World) ([]string, error) {
	t := w.env.Target
	e := t.Endpoints
	addrs := tlsprobe.HTTPSAddrs([]string{t.File.Issuer, t.MetadataURL(), e.Authorization, e.Token, e.JWKS, e.Introspection, e.Revocation, t.File.Resource.URL})
	if len(addrs) == 0 {
		return nil, fmt.Errorf("the target names no https endpoint at all (issuer %q); MedMij core.tls.300 asks for TLS on all traffic", t.File.Issuer)
	}
	return addrs, nil
}

// probeAll makes one handshake per endpoint with offer, and keeps the
// results as evidence. A failed TCP connection is not a TLS answer: it ends
// the scenario as an error, never as a pass.
func probeAll(ctx context.Context, offer tlsprobe.Offer, what string) error {
	w := WorldFrom(ctx)
	addrs, err := httpsAddrs(w)
	if err != nil {
		return err
	}
	w.probeOffer = what
	for _, a := range addrs {
		r := tlsprobe.Handshake(ctx, a, w.env.Target.TLS, offer)
		w.Note("TLS probe offering %s: %s", what, r)
		if r.DialErr != nil {
			return fmt.Errorf("could not reach %s to try a TLS handshake: %w", a, r.DialErr)
		}
		w.probes = append(w.probes, r)
	}
	return nil
}

func probeOneVersion(ctx context.Context, version string) error {
	v := tlsVersions[version]
	return probeAll(ctx, tlsprobe.Offer{MinVersion: v, MaxVersion: v}, "only "+version)
}

func probeBothVersions(ctx context.Context) error {
	return probeAll(ctx, tlsprobe.Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13}, "TLS 1.2 and TLS 1.3")
}

// probeWeakSuites offers every suite outside the "goed" set alone, with
// TLS 1.2 as the only version (TLS 1.3 suites cannot be chosen in
// crypto/tls, and all of them are good).
func probeWeakSuites(ctx context.Context) error {
	for _, id := range tlsprobe.WeakTLS12Suites() {
		offer := tlsprobe.Offer{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{id}}
		if err := probeAll(ctx, offer, "TLS 1.2 with only "+tls.CipherSuiteName(id)); err != nil {
			return err
		}
	}
	return nil
}

func everyHandshakeCompletes(ctx context.Context, version string) error {
	w := WorldFrom(ctx)
	if len(w.probes) == 0 {
		return outcome.Harness("no TLS handshake was tried in this scenario")
	}
	want := tlsVersions[version]
	for _, r := range w.probes {
		expect(ctx, r.Established && r.Version == want,
			fmt.Sprintf("the TLS version %s negotiates when offered %s (MedMij core.tls.302 and core.tls.304: TLS 1.2 supported, the highest common version chosen)", r.Addr, w.probeOffer),
			"a completed handshake with "+version, r.String(), implementation)
	}
	return nil
}

func everyHandshakeRefused(ctx context.Context) error {
	w := WorldFrom(ctx)
	if len(w.probes) == 0 {
		return outcome.Harness("no TLS handshake was tried in this scenario")
	}
	var accepted []string
	for _, r := range w.probes {
		if r.Established {
			accepted = append(accepted, r.String())
		}
	}
	expect(ctx, len(accepted) == 0,
		fmt.Sprintf("handshakes offering %s are refused (MedMij core.tls.301: only TLS versions and suites the NCSC TLS guidelines v2.1 call \"goed\")", w.probeOffer),
		"a handshake failure (an alert or a closed connection) for every one",
		strings.Join(accepted, "; "), implementation)
	return nil
}

// pageHasHSTS reads the page the authorization request ended on: the page
// a person sees first (RFC 6797 §7.1: HSTS is sent over secure transport).
func pageHasHSTS(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.last == nil {
		return outcome.Harness("no authorization request was sent in this scenario")
	}
	values := w.last.Header.Values("Strict-Transport-Security")
	got := "no Strict-Transport-Security header"
	ok := false
	if len(values) > 0 {
		// RFC 6797 §8.1: a UA processes only the first header.
		h, err := tlsprobe.ParseHSTS(values[0])
		switch {
		case err != nil:
			got = fmt.Sprintf("%q: %v", values[0], err)
		default:
			got = fmt.Sprintf("%q", values[0])
			ok = h.MaxAge > 0
		}
	}
	expect(ctx, ok,
		fmt.Sprintf("the Strict-Transport-Security header of the page at %s (RFC 6797 §6.1; MedMij best practice for the front channel)", w.frontURL),
		"Strict-Transport-Security with max-age above 0 (a year, 31536000, is usual)", got, implementation)
	return nil
}
