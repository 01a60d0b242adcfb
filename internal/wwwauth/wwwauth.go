// Package wwwauth parses the WWW-Authenticate header of RFC 9110 §11.6.1:
// one or more challenges, each an auth-scheme followed by a token68 or by
// auth-params whose values are tokens or quoted strings. Commas separate
// both challenges and parameters, so a substring search cannot tell
// `Bearer error="invalid_token"` from `Basic realm="error=invalid_token"`;
// this parser can.
//
// The harness uses it to read a resource server's Bearer challenge (RFC
// 6750 §3). It is written from RFC 9110 alone and shares nothing with the
// reference server.
package wwwauth

import (
	"fmt"
	"strings"
)

// Challenge is one challenge of a WWW-Authenticate header.
type Challenge struct {
	// Scheme is the auth-scheme as sent; compare it with strings.EqualFold
	// (RFC 9110 §11.1: case-insensitive).
	Scheme string
	// Token68 is set when the challenge carries a token68 instead of
	// parameters.
	Token68 string
	// Params are the auth-params, by lower-cased name (parameter names are
	// case-insensitive, §11.2), with quoted strings unquoted.
	Params map[string]string
}

// Param returns a parameter's value and whether it was present.
func (c Challenge) Param(name string) (string, bool) {
	v, ok := c.Params[strings.ToLower(name)]
	return v, ok
}

// Find returns the first challenge of a scheme, compared case-insensitively.
func Find(challenges []Challenge, scheme string) (Challenge, bool) {
	for _, c := range challenges {
		if strings.EqualFold(c.Scheme, scheme) {
			return c, true
		}
	}
	return Challenge{}, false
}

// Parse reads every WWW-Authenticate field line of a response. Several
// lines are one comma-separated list (RFC 9110 §5.3). An error says where
// the syntax broke; a header that is absent or empty gives no challenges
// and no error.
func Parse(lines []string) ([]Challenge, error) {
	p := &parser{s: strings.Join(lines, ", ")}
	return p.challenges()
}

type parser struct {
	s   string
	pos int
}

func (p *parser) errorf(format string, a ...any) error {
	return fmt.Errorf("WWW-Authenticate at offset %d: %s", p.pos, fmt.Sprintf(format, a...))
}

func (p *parser) done() bool { return p.pos >= len(p.s) }

func (p *parser) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.pos]
}

// skipOWS skips optional whitespace (SP / HTAB).
func (p *parser) skipOWS() {
	for !p.done() && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// skipSeparators skips the empty list elements a #rule allows: OWS and
// commas.
func (p *parser) skipSeparators() {
	for !p.done() && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == ',') {
		p.pos++
	}
}

// token reads a token (RFC 9110 §5.6.2); it may be empty.
func (p *parser) token() string {
	start := p.pos
	for !p.done() && isTchar(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *parser) challenges() ([]Challenge, error) {
	var out []Challenge
	p.skipSeparators()
	for !p.done() {
		c, err := p.challenge()
		if err != nil {
			return out, err
		}
		out = append(out, c)
		p.skipSeparators()
	}
	return out, nil
}

// challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
func (p *parser) challenge() (Challenge, error) {
	c := Challenge{Params: map[string]string{}}
	c.Scheme = p.token()
	if c.Scheme == "" {
		return c, p.errorf("expected an auth-scheme, found %q", p.peek())
	}
	if p.done() || p.peek() == ',' {
		return c, nil
	}
	if p.peek() != ' ' && p.peek() != '\t' {
		return c, p.errorf("expected a space after the auth-scheme %q, found %q", c.Scheme, p.peek())
	}
	p.skipOWS()
	if p.done() || p.peek() == ',' {
		return c, nil
	}
	if t68, ok := p.token68(); ok {
		c.Token68 = t68
		return c, nil
	}
	for {
		name, value, err := p.authParam()
		if err != nil {
			return c, err
		}
		if _, dup := c.Params[name]; dup {
			// §11.2: "Each parameter name MUST only occur once per
			// challenge."
			return c, p.errorf("parameter %q occurs twice in the %s challenge", name, c.Scheme)
		}
		c.Params[name] = value
		p.skipOWS()
		if p.done() {
			return c, nil
		}
		if p.peek() != ',' {
			return c, p.errorf("expected a comma after parameter %q, found %q", name, p.peek())
		}
		// After the comma comes another parameter of this challenge, or
		// the scheme of the next one: a token followed by "=" is a
		// parameter.
		save := p.pos
		p.skipSeparators()
		if p.done() {
			return c, nil
		}
		p.token()
		p.skipOWS()
		isParam := p.peek() == '='
		p.pos = save
		if !isParam {
			return c, nil
		}
		p.skipSeparators()
	}
}

// token68 reads a token68 when the rest of the list element is one:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" followed by
// the end or a comma. Otherwise it leaves the position alone.
func (p *parser) token68() (string, bool) {
	start := p.pos
	i := p.pos
	for i < len(p.s) && isToken68Char(p.s[i]) {
		i++
	}
	if i == start {
		return "", false
	}
	for i < len(p.s) && p.s[i] == '=' {
		i++
	}
	j := i
	for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t') {
		j++
	}
	if j < len(p.s) && p.s[j] != ',' {
		return "", false
	}
	p.pos = j
	return p.s[start:i], true
}

// auth-param = token BWS "=" BWS ( token / quoted-string )
func (p *parser) authParam() (name, value string, err error) {
	name = p.token()
	if name == "" {
		return "", "", p.errorf("expected a parameter name, found %q", p.peek())
	}
	p.skipOWS()
	if p.peek() != '=' {
		return "", "", p.errorf("expected \"=\" after parameter name %q", name)
	}
	p.pos++
	p.skipOWS()
	if p.peek() == '"' {
		value, err = p.quotedString()
	} else {
		value = p.token()
		if value == "" {
			err = p.errorf("parameter %q has no value (a token or a quoted string)", name)
		}
	}
	return strings.ToLower(name), value, err
}

// quotedString reads DQUOTE *( qdtext / quoted-pair ) DQUOTE (§5.6.4) and
// returns the content with the quoted pairs undone.
func (p *parser) quotedString() (string, error) {
	p.pos++ // the opening quote
	var b strings.Builder
	for !p.done() {
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c == '\\':
			if p.pos+1 >= len(p.s) {
				return "", p.errorf("a quoted string ends in a backslash")
			}
			n := p.s[p.pos+1]
			if !(n == '\t' || n == ' ' || (n >= 0x21 && n <= 0x7e) || n >= 0x80) {
				return "", p.errorf("invalid quoted-pair \\%q", n)
			}
			b.WriteByte(n)
			p.pos += 2
		case c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80:
			b.WriteByte(c)
			p.pos++
		default:
			return "", p.errorf("character %q is not allowed in a quoted string", c)
		}
	}
	return "", p.errorf("a quoted string is not closed")
}

// isTchar is tchar of RFC 9110 §5.6.2.
func isTchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken68Char(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~+/", c) >= 0
}
