// Package frontchannel reads what an authorization server shows or sends to
// a person's browser: the links on a page, the anti-framing headers, and how
// guessable an authorization code is. It is the harness's side of RFC 6749
// §4.1.2, §10.10 and §10.13, written from the RFCs independently of the
// reference server, and it has no godog import: steps call it and assert.
package frontchannel
