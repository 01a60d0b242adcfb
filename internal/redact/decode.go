package redact

import (
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A view is a decoding of a text that remembers, for every decoded byte,
// which bytes of the original it came from. A secret found in the decoded
// text can then be cut out of the original, whatever mixture of escapes
// (&#39; or &#x27; or &apos;, %2f or %2F, + or %20, \u0026) the server
// chose: one decoder per escaping scheme is complete where a list of
// pre-encoded spellings could only ever cover the common ones.
type view struct {
	text string
	// from[i] and to[i] are the range of the original text that decoded
	// byte i came from. int32 halves the memory a large body's views take;
	// no recorded body comes near 2 GiB.
	from, to []int32
}

// span is the range of the original that decoded bytes [i, j) came from.
func (v *view) span(i, j int) (int, int) { return int(v.from[i]), int(v.to[j-1]) }

// A decoder undoes one escaping scheme. It reports false when s holds
// nothing it would decode, so that most texts cost one IndexAny per scheme.
type decoder struct {
	name    string
	trigger string // s is decoded only if it contains one of these bytes
	decode  func(s string) (*view, bool)
}

var decoders = []decoder{
	{"html", "&", decodeHTML},
	{"percent", "%", func(s string) (*view, bool) { return decodePercent(s, false) }},
	{"form", "%+", func(s string) (*view, bool) { return decodePercent(s, true) }},
	{"json", `\`, decodeJSON},
}

// views returns every decoding of s by one decoder or by two in a row (an
// HTML page quoting a percent-encoded URL, JSON carrying an HTML-escaped
// string, a value percent-encoded twice), with offsets into s. Deeper
// nesting is not tried: no server escapes a value three times by accident.
func views(s string) []*view {
	var out []*view
	for _, d1 := range decoders {
		v1, ok := apply(d1, s)
		if !ok {
			continue
		}
		out = append(out, v1)
		for _, d2 := range decoders {
			v2, ok := apply(d2, v1.text)
			if !ok {
				continue
			}
			out = append(out, compose(v1, v2))
		}
	}
	return out
}

func apply(d decoder, s string) (*view, bool) {
	if !strings.ContainsAny(s, d.trigger) {
		return nil, false
	}
	v, ok := d.decode(s)
	if !ok || v.text == s {
		return nil, false
	}
	return v, true
}

// compose maps inner, a view of outer.text, back to outer's original.
func compose(outer, inner *view) *view {
	out := &view{text: inner.text, from: make([]int32, len(inner.text)), to: make([]int32, len(inner.text))}
	for i := range len(inner.text) {
		out.from[i] = outer.from[inner.from[i]]
		out.to[i] = outer.to[inner.to[i]-1]
	}
	return out
}

// viewBuilder accumulates decoded bytes with their origin.
type viewBuilder struct {
	b        strings.Builder
	from, to []int32
	changed  bool
}

func newViewBuilder(n int) *viewBuilder {
	w := &viewBuilder{from: make([]int32, 0, n), to: make([]int32, 0, n)}
	w.b.Grow(n)
	return w
}

// emit appends decoded text that came from original bytes [a, b).
func (w *viewBuilder) emit(decoded string, a, b int) {
	w.b.WriteString(decoded)
	for range len(decoded) {
		w.from = append(w.from, int32(a))
		w.to = append(w.to, int32(b))
	}
}

func (w *viewBuilder) view() (*view, bool) {
	return &view{text: w.b.String(), from: w.from, to: w.to}, w.changed
}

// maxEntity bounds the search for the ';' that ends an HTML character
// reference; the longest named one (&CounterClockwiseContourIntegral;) is 33
// bytes.
const maxEntity = 40

// decodeHTML undoes HTML character references: named (&amp; &quot; &apos;),
// decimal (&#39; &#039;) and hexadecimal (&#x27; &#X27;).
func decodeHTML(s string) (*view, bool) {
	w := newViewBuilder(len(s))
	for i := 0; i < len(s); {
		if s[i] == '&' {
			end := min(len(s), i+maxEntity)
			if j := strings.IndexByte(s[i+1:end], ';'); j > 0 {
				ref := s[i : i+1+j+1]
				if u := html.UnescapeString(ref); u != ref {
					w.emit(u, i, i+len(ref))
					w.changed = true
					i += len(ref)
					continue
				}
			}
		}
		w.emit(s[i:i+1], i, i+1)
		i++
	}
	return w.view()
}

// decodePercent undoes %XX escapes in either case and, for form encoding,
// + for space. A % not followed by two hex digits stays as it is, as
// browsers and net/url's lenient readers treat it.
func decodePercent(s string, plus bool) (*view, bool) {
	w := newViewBuilder(len(s))
	for i := 0; i < len(s); {
		switch {
		case s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			w.emit(string([]byte{unhex(s[i+1])<<4 | unhex(s[i+2])}), i, i+3)
			w.changed = true
			i += 3
		case plus && s[i] == '+':
			w.emit(" ", i, i+1)
			w.changed = true
			i++
		default:
			w.emit(s[i:i+1], i, i+1)
			i++
		}
	}
	return w.view()
}

// decodeJSON undoes the escapes of a JSON string (RFC 8259 §7): \" \\ \/
// \b \f \n \r \t and \uXXXX, surrogate pairs included. It runs over a
// whole text, not a parsed document: a server's body may be JSON embedded
// in HTML or a log line, and a secret must be found wherever it stands.
func decodeJSON(s string) (*view, bool) {
	w := newViewBuilder(len(s))
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) {
			if c, ok := jsonSimpleEscape[s[i+1]]; ok {
				w.emit(string(c), i, i+2)
				w.changed = true
				i += 2
				continue
			}
			if r, ok := hex4(s, i); ok {
				n := 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4(s, i+6); ok {
						if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
							r, n = pair, 12
						}
					}
				}
				w.emit(string(r), i, i+n)
				w.changed = true
				i += n
				continue
			}
		}
		w.emit(s[i:i+1], i, i+1)
		i++
	}
	return w.view()
}

var jsonSimpleEscape = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// hex4 reads \uXXXX at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i+2 : i+6]) {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
