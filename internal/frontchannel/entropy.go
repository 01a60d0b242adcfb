package frontchannel

import "math"

// EntropyBits estimates how many bits a random value of this length and
// alphabet can hold: length × log2(alphabet size), where the alphabet is the
// union of the character classes the value uses (digits, lower case, upper
// case, the base64url extras "-_", the base64 extras "+/=", and anything
// else counted as the printable ASCII range). It is an upper bound: a value
// that holds a counter or a timestamp has less. RFC 6749 §10.10 asks that the
// probability of guessing a code be at most 2^-128; RFC 6819 §5.1.4.2.2 says
// the same in numbers.
func EntropyBits(value string) float64 {
	if value == "" {
		return 0
	}
	var digit, lower, upper, urlExtra, stdExtra, other bool
	n := 0
	for _, r := range value {
		n++
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r == '-' || r == '_':
			urlExtra = true
		case r == '+' || r == '/' || r == '=':
			stdExtra = true
		default:
			other = true
		}
	}
	size := 0
	if other {
		// Every printable ASCII character is possible.
		size = 94
	} else {
		for _, c := range []struct {
			used bool
			n    int
		}{{digit, 10}, {lower, 26}, {upper, 26}, {urlExtra, 2}, {stdExtra, 3}} {
			if c.used {
				size += c.n
			}
		}
	}
	if hexOnly(value) {
		size = 16
	}
	if size < 2 {
		return 0
	}
	return float64(n) * math.Log2(float64(size))
}

// hexOnly: a value of only 0-9 and a-f (or only A-F) with at least one
// letter is almost surely hex; counting all 36 characters would overstate
// it. Digits alone are left to the digit class.
func hexOnly(v string) bool {
	lower, upper := false, false
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
		case r >= 'a' && r <= 'f':
			lower = true
		case r >= 'A' && r <= 'F':
			upper = true
		default:
			return false
		}
	}
	return lower != upper
}
