package record

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCertificateMismatch(t *testing.T) {
	host := &tls.CertificateVerificationError{Err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "127.0.0.1"}}
	expired := &tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Cert: &x509.Certificate{}, Reason: x509.Expired}}
	unknown := &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}
	assert.True(t, CertificateMismatch(fmt.Errorf("get: %w", host)))
	assert.True(t, CertificateMismatch(&transportError{msg: "x", cause: expired}))
	assert.False(t, CertificateMismatch(unknown), "an unknown CA is usually the target file's missing ca_file")
	assert.False(t, CertificateMismatch(errors.New("certificate")))
}
