package browser

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"
)

// spkiHashes returns the base64 SHA-256 hashes of the public keys of every
// certificate in the PEM blocks, comma-separated, as Chromium's
// --ignore-certificate-errors-spki-list wants them.
func spkiHashes(pems [][]byte) string {
	var hashes []string
	for _, p := range pems {
		for {
			var block *pem.Block
			block, p = pem.Decode(p)
			if block == nil {
				break
			}
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				continue
			}
			sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
			hashes = append(hashes, base64.StdEncoding.EncodeToString(sum[:]))
		}
	}
	return strings.Join(hashes, ",")
}
