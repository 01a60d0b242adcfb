package resource

import (
	"strings"

	"github.com/toets/toets/internal/check"
)

var (
	rfc9068_2_1_signed = check.Source{Doc: "RFC 9068", Section: "2.1", Quote: `JWT access tokens MUST be signed. … JWT access tokens MUST NOT use "none" as the signing algorithm.`}
	rfc9068_2_1_asym   = check.Source{Doc: "RFC 9068", Section: "2.1", Quote: "Although JWT access tokens can use any signing algorithm, use of asymmetric cryptography is RECOMMENDED as it simplifies the process of acquiring validation information for heterogeneous resource servers."}

	JWTSigned     = check.Unit{ID: "resource.jwt-at-signed", Source: rfc9068_2_1_signed, What: "the alg of the JWT access token"}
	JWTAsymmetric = check.Unit{ID: "resource.jwt-at-asymmetric", Source: rfc9068_2_1_asym, What: "the alg of the JWT access token (a resource server verifies an asymmetric signature with the issuer's published keys, and needs no shared secret)"}
)

// asymmetric are the JWS algorithms of RFC 7518 §3.1 and RFC 8037 that
// sign with a private key.
var asymmetric = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// JWTAlgSigned judges the MUST: an alg, not none (in any case), and a
// signature. HS256 passes: it is a signature.
func JWTAlgSigned(alg, signature string) []check.Finding {
	if alg == "" || strings.EqualFold(alg, "none") {
		return []check.Finding{JWTSigned.Fail("a JWS signing algorithm, not none", orNone(alg), check.Implementation)}
	}
	if signature == "" {
		return []check.Finding{JWTSigned.Fail("a signature", "alg "+alg+" with an empty signature", check.Implementation)}
	}
	return nil
}

// JWTAlgAsymmetric judges the RECOMMENDED: a public-key algorithm. An
// unsigned token is JWTAlgSigned's finding, not this one's.
func JWTAlgAsymmetric(alg string) []check.Finding {
	if alg == "" || strings.EqualFold(alg, "none") {
		return nil
	}
	for _, a := range asymmetric {
		if a == alg {
			return nil
		}
	}
	return []check.Finding{JWTAsymmetric.Fail("an asymmetric algorithm (RS*, PS*, ES*, EdDSA)", alg, check.Implementation)}
}
