package tlsprobe

import (
	"errors"
	"strconv"
	"strings"
)

// HSTS is a Strict-Transport-Security header (RFC 6797 §6.1).
type HSTS struct {
	MaxAge            int64
	IncludeSubDomains bool
}

// ParseHSTS reads a Strict-Transport-Security header value. RFC 6797
// §6.1: directives are separated by ";", names are case-insensitive,
// max-age is required and a delta-seconds, optionally quoted, and no
// directive may appear twice.
func ParseHSTS(value string) (HSTS, error) {
	var h HSTS
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, hasVal := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if seen[name] {
			return HSTS{}, errors.New("directive " + name + " appears twice (RFC 6797 §6.1)")
		}
		seen[name] = true
		switch name {
		case "max-age":
			v := strings.TrimSpace(val)
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if !hasVal || err != nil || n < 0 || strings.HasPrefix(v, "+") {
				return HSTS{}, errors.New("max-age is not a number of seconds")
			}
			h.MaxAge = n
		case "includesubdomains":
			h.IncludeSubDomains = true
		}
	}
	if !seen["max-age"] {
		return HSTS{}, errors.New("max-age is missing (RFC 6797 §6.1.1 requires it)")
	}
	return h, nil
}
