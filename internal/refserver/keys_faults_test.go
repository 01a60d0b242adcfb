package refserver

import (
	"crypto/x509"
	"encoding/base64"
	"time"

	"github.com/stretchr/testify/require"
)

// The checks of the key set faults kept apart from the resource ones.
func init() {
	for name, check := range keysFaultTests {
		faultTests[name] = check
	}
}

var keysFaultTests = map[string]func(ts *testServer) bool{
	"x5c-expired": func(ts *testServer) bool {
		key := ts.jwks()[0]
		der, err := base64.StdEncoding.DecodeString(key["x5c"].([]any)[0].(string))
		require.NoError(ts.t, err)
		cert, err := x509.ParseCertificate(der)
		require.NoError(ts.t, err)
		return time.Now().Before(cert.NotAfter)
	},
}
