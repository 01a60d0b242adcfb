package main

import (
	"context"
	"time"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/internal/tlsprobe"
)

// leafTrustTimeout bounds reading the named hosts' certificates when the
// browser starts; a host that does not answer by then is judged by the run.
const leafTrustTimeout = 5 * time.Second

// newBrowser is the run's browser: it trusts the target file's CA, and the
// leaf of every named https host whose chain verifies against it, so that a
// server sending only its own certificate is trusted as the file trusts it.
func newBrowser(bin string, tgt *target.Target) *browser.Browser {
	opts := browser.Options{Bin: bin, TrustedCAs: [][]byte{tgt.CAPEM}}
	if len(tgt.CAPEM) > 0 {
		opts.TrustedLeaves = func(ctx context.Context) [][]byte {
			ctx, cancel := context.WithTimeout(ctx, leafTrustTimeout)
			defer cancel()
			return tlsprobe.TrustedLeaves(ctx, tlsprobe.HTTPSAddrs(tgt.HTTPSHostURLs()), tgt.TLS)
		}
	}
	return browser.New(opts)
}
