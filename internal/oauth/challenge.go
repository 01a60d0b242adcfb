package oauth

import "strings"

// ChallengeSchemes returns the auth-schemes of WWW-Authenticate header
// values (RFC 9110 §11.6.1), lower-cased, in order. A header may hold
// several challenges separated by commas, and the parameters of a challenge
// are separated by commas too, so an element is a new challenge only when
// it does not start with "name=" (a parameter). Quoted strings may hold
// commas and are skipped as a whole.
func ChallengeSchemes(values []string) []string {
	var schemes []string
	for _, v := range values {
		for _, element := range splitTopLevel(v) {
			element = strings.TrimSpace(element)
			if element == "" {
				continue
			}
			word, rest, _ := strings.Cut(element, " ")
			if strings.Contains(word, "=") || strings.HasPrefix(strings.TrimLeft(rest, " "), "=") {
				continue // a parameter of the previous challenge
			}
			if isToken(word) {
				schemes = append(schemes, strings.ToLower(word))
			}
		}
	}
	return schemes
}

// splitTopLevel splits at commas outside quoted strings.
func splitTopLevel(s string) []string {
	var out []string
	var b strings.Builder
	quoted, escaped := false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case quoted && r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteRune(r)
	}
	return append(out, b.String())
}

// isToken reports whether s is an RFC 9110 §5.6.2 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if !alnum && !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
