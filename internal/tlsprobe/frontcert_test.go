package tlsprobe

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"

	"github.com/stretchr/testify/assert"
)

func oid(t *testing.T, arcs ...uint64) x509.OID {
	t.Helper()
	o, err := x509.OIDFromInts(arcs)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestFrontChannelProblems(t *testing.T) {
	ov, dv := oid(t, 2, 23, 140, 1, 2, 2), oid(t, 2, 23, 140, 1, 2, 1)
	good := &x509.Certificate{Subject: pkix.Name{CommonName: "dvza.example.nl"}, DNSNames: []string{"dvza.example.nl"}, Policies: []x509.OID{ov}}
	assert.Empty(t, FrontChannelProblems(good))

	domainValidated := &x509.Certificate{Subject: pkix.Name{CommonName: "dvza.example.nl"}, Policies: []x509.OID{dv}}
	assert.Len(t, FrontChannelProblems(domainValidated), 1)

	wildcard := &x509.Certificate{Subject: pkix.Name{CommonName: "dvza.example.nl"}, DNSNames: []string{"dvza.example.nl", "*.example.nl"}, Policies: []x509.OID{ov}}
	assert.Equal(t, []string{"a wildcard name *.example.nl"}, FrontChannelProblems(wildcard))

	none := &x509.Certificate{Subject: pkix.Name{CommonName: "*.example.nl"}}
	assert.Len(t, FrontChannelProblems(none), 2)
}
