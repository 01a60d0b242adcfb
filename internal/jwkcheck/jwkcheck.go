// Package jwkcheck judges published JSON Web Keys (RFC 7517, RFC 7518): a
// key set an authorization server publishes at its jwks_uri, and (later)
// the key sets clients register. It reads the raw JSON members itself
// rather than only through a JOSE library, because libraries refuse some
// bad keys outright (a private RSA key without its primes, a 512-bit
// modulus), and a refused key must still be reported, with the reason.
// go-jose then checks what the raw reading does not, such as whether an EC
// point lies on its curve.
package jwkcheck

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// The checks, each a rule of its own in the feature files.
const (
	// PublicOnly: no private or symmetric key material (RFC 7517 §9.2,
	// RFC 7518 §6.2.2, §6.3.2, §6.4).
	PublicOnly = "public-only"
	// Strength: RSA moduli of at least 2048 bits (RFC 7518 §3.3, §4.2),
	// EC keys on P-256, P-384 or P-521 (RFC 7518 §6.2.1.1).
	Strength = "strength"
	// Recommended: RSA moduli of 4096 bits, as seed 003 recommends ("Een
	// key-grootte van 4096 bytes is aanbevolen"; bits are meant). A
	// SHOULD: a key that fails only this check is no error.
	Recommended = "recommended-strength"
	// Algorithm: no symmetric (HS*) or "none" algorithm on a published key.
	Algorithm = "algorithm"
	// UniqueKID: distinct kid values (RFC 7517 §4.5).
	UniqueKID = "unique-kid"
	// X5C: the leaf certificate of x5c certifies the key itself (RFC 7517
	// §4.7: "MUST match").
	X5C = "x5c"
	// X5CValid: the leaf certificate of x5c is within its validity period.
	// RFC 7517 does not ask it; seed 003 does, for the keys a client or API
	// registers at ACM.
	X5CValid = "x5c-valid"
	// Syntax: the set or a key is not what RFC 7517 §4, §5 describe.
	Syntax = "syntax"
)

// MinRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3), and
// RecommendedRSABits the size seed 003 recommends.
const (
	MinRSABits         = 2048
	RecommendedRSABits = 4096
)

// Finding is one problem with one key.
type Finding struct {
	Check string
	// Key is the index in the set's keys array, or -1 for the set itself.
	Key int
	KID string
	// Problem says what is wrong, for a report.
	Problem string
}

func (f Finding) String() string {
	where := "the key set"
	if f.Key >= 0 {
		where = fmt.Sprintf("keys[%d]", f.Key)
		if f.KID != "" {
			where += fmt.Sprintf(" (kid %q)", f.KID)
		}
	}
	return where + ": " + f.Problem
}

// privateMembers are the members that carry private or symmetric key
// material: RSA (RFC 7518 §6.3.2), EC (§6.2.2) and oct (§6.4.1).
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// CheckSet judges a JWK Set document now. It never fails: a document that
// is not a key set is reported as a Syntax finding.
func CheckSet(body []byte) []Finding { return CheckSetAt(body, time.Now()) }

// CheckSetAt is CheckSet with certificate validity judged at now.
func CheckSetAt(body []byte, now time.Time) []Finding {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return []Finding{{Check: Syntax, Key: -1, Problem: "not a JSON object with a keys array (RFC 7517 §5): " + err.Error()}}
	}
	if set.Keys == nil {
		return []Finding{{Check: Syntax, Key: -1, Problem: `no "keys" member (RFC 7517 §5.1)`}}
	}
	var out []Finding
	seen := map[string]int{}
	for i, raw := range set.Keys {
		fs, kid := checkKey(i, raw, now)
		out = append(out, fs...)
		if kid == "" {
			continue
		}
		if first, dup := seen[kid]; dup {
			out = append(out, Finding{Check: UniqueKID, Key: i, KID: kid, Problem: fmt.Sprintf("kid is also used by keys[%d]", first)})
		} else {
			seen[kid] = i
		}
	}
	return out
}

// CheckKey judges a single JWK, as a client registers it.
func CheckKey(raw []byte) []Finding {
	fs, _ := checkKey(0, raw, time.Now())
	return fs
}

// Only returns the findings of one check.
func Only(fs []Finding, check string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

func checkKey(i int, raw []byte, now time.Time) ([]Finding, string) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return []Finding{{Check: Syntax, Key: i, Problem: "not a JSON object: " + err.Error()}}, ""
	}
	str := func(name string) string {
		var s string
		_ = json.Unmarshal(m[name], &s)
		return s
	}
	kid, kty, alg := str("kid"), str("kty"), str("alg")
	var out []Finding
	add := func(check, format string, a ...any) {
		out = append(out, Finding{Check: check, Key: i, KID: kid, Problem: fmt.Sprintf(format, a...)})
	}
	for _, name := range privateMembers {
		if _, ok := m[name]; ok {
			add(PublicOnly, "holds the private or secret member %q", name)
		}
	}
	switch kty {
	case "oct":
		add(PublicOnly, `kty "oct" is a symmetric key: publishing it publishes the secret`)
	case "RSA":
		n, err := base64.RawURLEncoding.DecodeString(str("n"))
		if err != nil || len(n) == 0 {
			add(Syntax, `"n" is not a base64url-encoded modulus (RFC 7518 §6.3.1.1)`)
			break
		}
		switch bits := new(big.Int).SetBytes(n).BitLen(); {
		case bits < MinRSABits:
			add(Strength, "RSA modulus of %d bits; at least %d are required (RFC 7518 §3.3)", bits, MinRSABits)
		case bits < RecommendedRSABits:
			add(Recommended, "RSA modulus of %d bits; %d are recommended (seed 003)", bits, RecommendedRSABits)
		}
	case "EC":
		switch crv := str("crv"); crv {
		case "P-256", "P-384", "P-521":
		default:
			add(Strength, "EC curve %q; only P-256, P-384 and P-521 are accepted (RFC 7518 §6.2.1.1)", crv)
		}
	case "OKP":
	case "":
		add(Syntax, `no "kty" member (RFC 7517 §4.1)`)
	default:
		add(Syntax, "unknown kty %q", kty)
	}
	if strings.HasPrefix(strings.ToUpper(alg), "HS") || strings.EqualFold(alg, "none") {
		add(Algorithm, "alg %q on a published key: a symmetric or unsigned algorithm cannot be verified with a public key (RFC 7518 §3.1)", alg)
	}
	if len(out) == 0 {
		// The raw checks found nothing; a JOSE library also checks what
		// they do not, such as whether an EC point lies on its curve.
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil {
			add(Syntax, "a JOSE library (go-jose) refuses the key: %v", err)
		}
	}
	if _, ok := m["x5c"]; ok {
		problem, validity := checkX5C(m, kty, str, now)
		if problem != "" {
			add(X5C, "%s", problem)
		}
		if validity != "" {
			add(X5CValid, "%s", validity)
		}
	}
	return out, kid
}

// checkX5C compares the leaf of x5c with the key's own members, and checks
// the leaf's validity period apart. It returns each problem, or "".
func checkX5C(m map[string]json.RawMessage, kty string, str func(string) string, now time.Time) (problem, validity string) {
	var chain []string
	if err := json.Unmarshal(m["x5c"], &chain); err != nil || len(chain) == 0 {
		return "x5c is not a non-empty array of strings (RFC 7517 §4.7)", ""
	}
	// §4.7: base64 (not base64url) DER.
	der, err := base64.StdEncoding.DecodeString(chain[0])
	if err != nil {
		return "x5c[0] is not standard base64 (RFC 7517 §4.7): " + err.Error(), ""
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return "x5c[0] is not a DER certificate: " + err.Error(), ""
	}
	if now.Before(cert.NotBefore) || now.After(cert.NotAfter) {
		validity = fmt.Sprintf("the x5c leaf is valid from %s to %s, not at %s", cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	same := false
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		n, _ := base64.RawURLEncoding.DecodeString(str("n"))
		e, _ := base64.RawURLEncoding.DecodeString(str("e"))
		same = kty == "RSA" && new(big.Int).SetBytes(n).Cmp(pub.N) == 0 && new(big.Int).SetBytes(e).Int64() == int64(pub.E)
	case *ecdsa.PublicKey:
		x, _ := base64.RawURLEncoding.DecodeString(str("x"))
		y, _ := base64.RawURLEncoding.DecodeString(str("y"))
		same = kty == "EC" && new(big.Int).SetBytes(x).Cmp(pub.X) == 0 && new(big.Int).SetBytes(y).Cmp(pub.Y) == 0
	}
	if !same {
		return "the x5c leaf certificate certifies another public key than the JWK's own members (RFC 7517 §4.7: MUST match)", validity
	}
	return "", validity
}
