package refserver

import (
	"crypto/rsa"
	"sync"
)

// The server signs ID tokens and JWT access tokens with an RSA key of 4096
// bits: seed 003 requires at least 2048 and recommends 4096 ("Een
// key-grootte van 4096 bytes is aanbevolen", bits meant). Making a 4096-bit
// key takes 0.4 to 0.8 s on a two-core machine, against 60 ms for 2048, so
// a process makes one, in the background from the first Start on: Start
// does not wait for it, the first JWKS request or signature does (by then
// the harness has usually spent longer starting its browser). Every server
// of the process shares it, as they share the embedded CA; each is a
// throwaway test server.

// processKey is the one 4096-bit key of the process.
var processKey struct {
	once  sync.Once
	ready chan struct{}
	key   *rsa.PrivateKey
}

// keySource yields the server's signing key, waiting while it is made.
type keySource func() *rsa.PrivateKey

// newSigningKey starts making the process key, if no server did yet, and
// returns the source of this server's key.
func newSigningKey(faults faultSet) keySource {
	if faults.on("rsa-2048-key") {
		// The fault: the key size of many a default configuration,
		// enough for RFC 7518 §3.3 but below seed 003's recommendation.
		key := newRSAKey(2048)
		return func() *rsa.PrivateKey { return key }
	}
	processKey.once.Do(func() {
		processKey.ready = make(chan struct{})
		go func() {
			processKey.key = newRSAKey(4096)
			close(processKey.ready)
		}()
	})
	return func() *rsa.PrivateKey {
		<-processKey.ready
		return processKey.key
	}
}
