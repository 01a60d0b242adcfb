// Package scope reads OAuth scope values by the grammar of RFC 6749 §3.3:
//
//	scope       = scope-token *( SP scope-token )
//	scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
//
// and the naming rules profiles add on top (ID-porten's prefix:subscope).
// It is written from the RFC alone; the reference server has its own.
package scope

import (
	"fmt"
	"strings"
)

// Parse splits a scope value into its tokens, or says why it is not one.
func Parse(value string) ([]string, error) {
	if value == "" {
		return nil, fmt.Errorf("an empty scope value has no scope-token")
	}
	tokens := strings.Split(value, " ")
	for i, t := range tokens {
		if err := CheckToken(t); err != nil {
			return nil, fmt.Errorf("token %d: %w", i+1, err)
		}
	}
	return tokens, nil
}

// CheckToken reports whether one scope-token is valid.
func CheckToken(t string) error {
	if t == "" {
		return fmt.Errorf("empty scope-token (a double, leading or trailing space)")
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return fmt.Errorf("scope-token %q holds %q, which RFC 6749 §3.3 does not allow", t, c)
		}
	}
	return nil
}

// CheckPrefixed reports whether a scope-token follows ID-porten's naming:
// a prefix the provider was given, a colon, and a subscope.
func CheckPrefixed(t string) error {
	if err := CheckToken(t); err != nil {
		return err
	}
	prefix, sub, ok := strings.Cut(t, ":")
	if !ok || prefix == "" || sub == "" {
		return fmt.Errorf("scope %q is not prefix:subscope", t)
	}
	return nil
}

// WritePostfix is the postfix of a scope that grants write access in
// ID-porten's naming (seed 004: "navr:trygdeopplysninger.write"); a scope
// without it "bør i utgangspunktet tolkes som kun lese-tilgang" (read only).
const WritePostfix = ".write"

// GrantsWrite reports whether a scope-token grants write access by seed
// 004's naming.
func GrantsWrite(t string) bool { return strings.HasSuffix(t, WritePostfix) }
