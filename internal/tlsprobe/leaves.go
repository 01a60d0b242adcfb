package tlsprobe

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"sync"
)

// TrustedLeaves returns, as PEM, the leaf certificate of every addr whose
// chain verifies under base (the target file's CAs). A server may leave its
// root, and even its intermediates the client already knows, out of the
// chain it sends (RFC 8446 §4.4.2), and most do. Chromium, told to trust a
// private CA by the key hash of its certificate, then finds no certificate
// of that key in what the server sent and refuses the page; trusting the
// verified leaf itself lets the browser trust exactly what the file trusts.
// Addresses that do not answer or do not verify are left out: the run judges
// them.
func TrustedLeaves(ctx context.Context, addrs []string, base *tls.Config) [][]byte {
	out := make([][]byte, len(addrs))
	var wg sync.WaitGroup
	for i, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if leaf, err := ServerLeaf(ctx, a, base); err == nil {
				out[i] = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw})
			}
		}()
	}
	wg.Wait()
	var pems [][]byte
	for _, p := range out {
		if p != nil {
			pems = append(pems, p)
		}
	}
	return pems
}
