package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// A short secret (a test user's 3-character password) cannot be replaced
// wherever its characters occur: "abc" is in "abcdef", in a CSS class, in
// a sentence. It can be replaced where it stands as a whole value, because
// there its boundaries are syntax, not chance: a form field or query
// parameter (password=abc), a JSON member ("password":"abc"), an HTML
// attribute (value="abc"), an element's whole text (<td>abc</td>), a header
// value or a line of a header dump (Authorization: Bearer abc), a Basic
// credential whose password part it is, or the whole text handed to
// Redactor.String. wholeValues finds those places; the index decides,
// after undoing their encodings, whether what stands there is a secret.

// quoteTokens open and close a quoted value, literal or escaped the way a
// JSON string or an HTML page escapes a quote.
var quoteTokens = []string{`\"`, `"`, `'`, "&quot;", "&#34;", "&#x22;", "&#39;", "&#x27;", "&apos;"}

// An unquoted form or query value ends at one of these, or at an '=' that
// starts the next name=value pair; '=' that pads base64 does not end it.
const formDelimiters = "&#;,)]}\"'<> \t\r\n\\"

// An unquoted JSON scalar ends at one of these.
const jsonDelimiters = ",}] \t\r\n&<>\"'\\"

// wholeValues calls found with the range of every whole value in s no
// longer than limit. The ranges of one kind (lines, form values, JSON
// members, element texts) do not overlap, so a text is read a small,
// fixed number of times whatever an untrusted server put in it.
func wholeValues(s string, limit int, found func(from, to int)) {
	emit := func(from, to int) {
		for from < to && isSpace(s[from]) {
			from++
		}
		for to > from && isSpace(s[to-1]) {
			to--
		}
		if from < to && to-from <= limit {
			found(from, to)
		}
	}
	// A header value: whole, and the credential after its scheme
	// ("Bearer abc", "Basic YWJj").
	headerValue := func(from, to int) {
		emit(from, to)
		i := from
		for i < to && isSpace(s[i]) {
			i++
		}
		word := i
		for i < to && isTokenByte(s[i]) {
			i++
		}
		if i > word && i < to && s[i] == ' ' {
			emit(i, to)
		}
	}

	headerValue(0, len(s))
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		lineValues(s, start, end, emit, headerValue)
		start = end + 1
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '=':
			formValue(s, i, limit, emit)
		case ':':
			jsonMember(s, i, limit, emit)
		}
	}
	elementTexts(s, emit)
	basicCredentials(s, emit)
}

// lineValues offers a line of a text body as a whole value, and the value
// of a line shaped like a header or a YAML key ("password: abc").
func lineValues(s string, start, end int, emit, headerValue func(int, int)) {
	emit(start, end)
	i := start
	for i < end && isSpace(s[i]) {
		i++
	}
	if i == end || !isLetter(s[i]) {
		return
	}
	for i < end && isTokenByte(s[i]) {
		i++
	}
	if i < end && s[i] == ':' {
		headerValue(i+1, end)
	}
}

// formValue offers the value after the '=' at s[eq]: quoted (an HTML
// attribute) up to its closing quote, or unquoted up to a delimiter.
func formValue(s string, eq, limit int, emit func(int, int)) {
	if eq > 0 && strings.IndexByte("=!<>", s[eq-1]) >= 0 {
		return // an operator in prose or code, not a field
	}
	j := eq + 1
	if j < len(s) && s[j] == '=' {
		return
	}
	if quoted(s, j, limit, emit) {
		return
	}
	for k := j; k < len(s); k++ {
		if k-j > limit {
			return
		}
		c := s[k]
		if strings.IndexByte(formDelimiters, c) >= 0 {
			emit(j, k)
			return
		}
		if c == '=' && k+1 < len(s) && s[k+1] != '=' && strings.IndexByte(formDelimiters, s[k+1]) < 0 {
			emit(j, k)
			return
		}
	}
	emit(j, len(s))
}

// jsonMember offers the value after the ':' at s[colon] when a quoted name
// ends just before it: a JSON member, literal or escaped inside another
// string or an HTML page, or a Python-style dict in an error message.
func jsonMember(s string, colon, limit int, emit func(int, int)) {
	k := colon
	for k > 0 && isSpace(s[k-1]) {
		k--
	}
	named := false
	for _, q := range quoteTokens {
		if strings.HasSuffix(s[:k], q) {
			named = true
			break
		}
	}
	if !named {
		return
	}
	j := colon + 1
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	if quoted(s, j, limit, emit) {
		return
	}
	for k := j; k < len(s); k++ {
		if k-j > limit {
			return
		}
		if strings.IndexByte(jsonDelimiters, s[k]) >= 0 {
			emit(j, k)
			return
		}
	}
	emit(j, len(s))
}

// quoted offers the content of a quoted value opening at s[at], and reports
// whether a quote opens there. A JSON or Python string may hold its own
// quote escaped (\"); an HTML attribute may end in a backslash, which
// escapes nothing there: both readings are offered.
func quoted(s string, at, limit int, emit func(int, int)) bool {
	for _, q := range quoteTokens {
		if !strings.HasPrefix(s[at:], q) {
			continue
		}
		from := at + len(q)
		window := s[from:min(len(s), from+limit+len(q))]
		if end := strings.Index(window, q); end >= 0 {
			emit(from, from+end)
		}
		if q == `"` || q == "'" {
			if end := escapedClose(window, q[0]); end >= 0 {
				emit(from, from+end)
			}
		}
		return true
	}
	return false
}

// escapedClose is the index of the first quote c in s not escaped by a
// backslash, or -1.
func escapedClose(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case c:
			return i
		}
	}
	return -1
}

// elementTexts offers the text between a tag's '>' and the next '<'.
func elementTexts(s string, emit func(int, int)) {
	open := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '>':
			open = i + 1
		case '<':
			if open >= 0 {
				emit(open, i)
			}
			open = -1
		}
	}
}

// basicCredentials offers the base64 after "Basic " anywhere: an error
// message or a header dump may quote an Authorization header.
func basicCredentials(s string, emit func(int, int)) {
	for i := 0; i+6 <= len(s); i++ {
		if s[i] != 'b' && s[i] != 'B' || !strings.EqualFold(s[i:i+5], "basic") || s[i+5] != ' ' {
			continue
		}
		if i > 0 && isTokenByte(s[i-1]) {
			continue
		}
		j := i + 5
		for j < len(s) && s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && isBase64Byte(s[k]) {
			k++
		}
		if k > j {
			emit(j, k)
		}
		i = k - 1
	}
}

// wholeMatch reports the fingerprint of the secret that the whole value v
// is, in any of the encodings views undoes, in base64, or as the password
// of a Basic credential (RFC 7617 user-id:password, base64; RFC 6749
// §2.3.1 form-encodes both parts first).
func (ix *index) wholeMatch(v string) (string, bool) {
	if len(v) > ix.wholeCap && (len(v) > ix.basicCap || !isBase64ish(v)) {
		return "", false
	}
	if fp, ok := ix.exactOrBasic(v); ok {
		return fp, true
	}
	for _, d := range views(v) {
		if fp, ok := ix.exactOrBasic(d.text); ok {
			return fp, true
		}
	}
	return "", false
}

func (ix *index) exactOrBasic(v string) (string, bool) {
	if fp, ok := ix.exact[v]; ok {
		return fp, true
	}
	if !isBase64ish(v) {
		return "", false
	}
	raw := strings.TrimRight(v, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding.Strict(), base64.RawURLEncoding.Strict()} {
		b, err := enc.DecodeString(raw)
		if err != nil {
			continue
		}
		d := string(b)
		if fp, ok := ix.exact[d]; ok {
			return fp, true
		}
		if _, pass, ok := strings.Cut(d, ":"); ok {
			if fp, ok := ix.exact[pass]; ok {
				return fp, true
			}
			if u, err := url.QueryUnescape(pass); err == nil {
				if fp, ok := ix.exact[u]; ok {
					return fp, true
				}
			}
		}
	}
	return "", false
}

func isBase64ish(v string) bool {
	for i := range len(v) {
		if !isBase64Byte(v[i]) && v[i] != '%' {
			return false
		}
	}
	return v != ""
}

func isBase64Byte(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || strings.IndexByte("+/=_-", c) >= 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isTokenByte(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || c == '-' || c == '_'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
