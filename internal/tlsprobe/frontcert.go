package tlsprobe

import (
	"crypto/x509"
	"strings"
)

// ovPolicy is the CA/Browser Forum's policy identifier for an
// organisation-validated certificate (Baseline Requirements §7.1.6.1).
const ovPolicy = "2.23.140.1.2.2"

// FrontChannelProblems says what keeps leaf from being the certificate
// MedMij advises for browser-facing endpoints (AF-1273): organisation
// validated, and without wildcard names. Empty means none.
func FrontChannelProblems(leaf *x509.Certificate) []string {
	var problems []string
	ov := false
	for _, p := range leaf.Policies {
		if p.String() == ovPolicy {
			ov = true
		}
	}
	if !ov {
		problems = append(problems, "no OV policy ("+ovPolicy+"); policies: "+policyList(leaf))
	}
	for _, name := range append([]string{leaf.Subject.CommonName}, leaf.DNSNames...) {
		if strings.HasPrefix(name, "*") {
			problems = append(problems, "a wildcard name "+name)
		}
	}
	return problems
}

func policyList(leaf *x509.Certificate) string {
	if len(leaf.Policies) == 0 {
		return "none"
	}
	var ids []string
	for _, p := range leaf.Policies {
		ids = append(ids, p.String())
	}
	return strings.Join(ids, ", ")
}
