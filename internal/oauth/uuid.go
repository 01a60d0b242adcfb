package oauth

import (
	"crypto/rand"
	"fmt"
)

// UUID returns a random (version 4) UUID, the form of MedMij's tracing
// parameters MedMij-Request-ID and X-Correlation-ID (core.authint.208).
func UUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // as in Random
	}
	b[6] = b[6]&0x0f | 0x40 // version 4 (RFC 9562 §5.4)
	b[8] = b[8]&0x3f | 0x80 // variant 10
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
