package tlsprobe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"time"
)

// Offer is what a probe's ClientHello offers.
type Offer struct {
	// MinVersion and MaxVersion bound the versions offered (tls.VersionTLS10 ...).
	MinVersion, MaxVersion uint16
	// CipherSuites are the TLS 1.0-1.2 suites offered; nil offers
	// crypto/tls's defaults.
	CipherSuites []uint16
}

// Result is how one handshake ended.
type Result struct {
	// Addr is the host:port probed.
	Addr string
	// Established is true when the server completed the handshake.
	Established bool
	// Version and CipherSuite are what the server chose (when Established).
	Version, CipherSuite uint16
	// HandshakeErr is why the handshake failed: the server refused what
	// was offered (an alert, or a closed connection).
	HandshakeErr error
	// DialErr is set when no TCP connection was made: nothing about TLS
	// can be concluded then.
	DialErr error
}

// String describes the result for a report.
func (r Result) String() string {
	switch {
	case r.DialErr != nil:
		return fmt.Sprintf("%s: no connection (%v)", r.Addr, r.DialErr)
	case r.Established:
		return fmt.Sprintf("%s: handshake completed with %s, %s", r.Addr, VersionName(r.Version), tls.CipherSuiteName(r.CipherSuite))
	default:
		return fmt.Sprintf("%s: handshake refused (%v)", r.Addr, r.HandshakeErr)
	}
}

// DefaultTimeout bounds one probe, from dial to the end of the handshake.
const DefaultTimeout = 10 * time.Second

// Handshake connects to addr (host:port) and makes one handshake that
// offers exactly what offer says. base supplies the rest (client
// certificates, for a back channel that asks for one); its version and suite
// settings are replaced.
//
// The server's certificate is not verified here: a probe asks what the
// server negotiates, and a certificate problem must not pass for a refused
// version. Certificate checks are Verify's.
func Handshake(ctx context.Context, addr string, base *tls.Config, offer Offer) Result {
	res := Result{Addr: addr}
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		res.DialErr = err
		return res
	}
	defer raw.Close()
	cfg := probeConfig(addr, base, offer)
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(ctx); err != nil {
		if ctx.Err() != nil {
			// A server that never answers has not refused anything.
			res.DialErr = fmt.Errorf("no answer to the ClientHello: %w", err)
			return res
		}
		res.HandshakeErr = err
		return res
	}
	state := conn.ConnectionState()
	res.Established, res.Version, res.CipherSuite = true, state.Version, state.CipherSuite
	return res
}

// probeConfig is base with the offer's versions and suites, and without
// certificate verification (see Handshake).
func probeConfig(addr string, base *tls.Config, offer Offer) *tls.Config {
	cfg := &tls.Config{}
	if base != nil {
		cfg = base.Clone()
	}
	host, _, err := net.SplitHostPort(addr)
	if err == nil && net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	cfg.InsecureSkipVerify = true //nolint:gosec // the probe judges negotiation, not the certificate
	cfg.VerifyPeerCertificate = nil
	cfg.MinVersion, cfg.MaxVersion = offer.MinVersion, offer.MaxVersion
	cfg.CipherSuites = offer.CipherSuites
	// No session resumption: every probe is a full handshake.
	cfg.ClientSessionCache = nil
	return cfg
}

// Verify makes a normal handshake that checks the server's certificate
// chain against roots (nil: the system's) and its name against the host of
// addr, and returns why it failed, or nil.
func Verify(ctx context.Context, addr string, base *tls.Config) error {
	_, err := ServerLeaf(ctx, addr, base)
	return err
}

// ServerLeaf makes the handshake of Verify and returns the server's leaf
// certificate once it verified.
func ServerLeaf(ctx context.Context, addr string, base *tls.Config) (*x509.Certificate, error) {
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{}
	if base != nil {
		cfg = base.Clone()
	}
	if cfg.InsecureSkipVerify {
		return nil, errors.New("certificate verification is switched off in the target file (tls.insecure_skip_verify)")
	}
	cfg.ServerName = host
	d := tls.Dialer{Config: cfg}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.(*tls.Conn).ConnectionState().PeerCertificates[0], nil
}

// VersionName is "TLS 1.2" for tls.VersionTLS12, and so on.
func VersionName(v uint16) string {
	if v == 0 {
		return "none"
	}
	return tls.VersionName(v)
}
