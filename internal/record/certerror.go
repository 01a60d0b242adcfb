package record

import (
	"crypto/x509"
	"errors"
)

// transportError is a request that got no HTTP response. Its message is
// the sentence for the report; the cause stays reachable for errors.As.
type transportError struct {
	msg   string
	cause error
}

func (e *transportError) Error() string { return e.msg }
func (e *transportError) Unwrap() error { return e.cause }

// CertificateMismatch reports whether err is a certificate that chains to a
// trusted root but names another host or is expired or not yet valid. That
// is the server's mistake (the tls-certificate-valid rule judges it), where
// an unknown authority usually means the target file lacks the CA.
func CertificateMismatch(err error) bool {
	var host x509.HostnameError
	if errors.As(err, &host) {
		return true
	}
	var invalid x509.CertificateInvalidError
	return errors.As(err, &invalid) && invalid.Reason == x509.Expired
}
