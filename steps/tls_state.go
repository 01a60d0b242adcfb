package steps

import (
	"crypto/x509"

	"github.com/toets/toets/internal/tlsprobe"
)

// tlsState is the part of a scenario's World that only the TLS steps use.
type tlsState struct {
	// probes are the handshakes of the scenario's last When step, one per
	// endpoint (and per suite, for the suite probe).
	probes []tlsprobe.Result
	// probeOffer says in words what the probes offered, for messages.
	probeOffer string
	// certChecks are the certificate verifications, one per endpoint.
	certChecks []certCheck
	// frontLeaf is the authorization endpoint's certificate.
	frontLeaf *x509.Certificate
	mtlsState
}

// mtlsState is what the mutual-TLS token steps keep (token_mtls_steps.go).
type mtlsState struct {
	// handshakeRefusal is why the TLS handshake of the last token request
	// failed, when the server refused it there rather than in HTTP.
	handshakeRefusal string
}
