package redact

import (
	"sort"
	"strings"
)

// span is a range of the text to replace by a fingerprint.
type span struct {
	from, to    int
	fingerprint string
}

// pattern is one spelling of a long secret, searched for as a substring.
type pattern struct {
	text, fingerprint string
}

// substrings finds every occurrence of every pattern. Patterns are indexed
// by their first FreeTextMinLength bytes, so that a text is read once
// whatever the number of secrets (a run registers hundreds of tokens and
// codes). Every occurrence is reported, overlapping ones included: spans
// are merged afterwards, so no secret can hide behind another.
type substrings struct {
	byPrefix map[string][]pattern
}

func newSubstrings(ps []pattern) *substrings {
	m := &substrings{byPrefix: map[string][]pattern{}}
	for _, p := range ps {
		key := p.text[:FreeTextMinLength]
		m.byPrefix[key] = append(m.byPrefix[key], p)
	}
	return m
}

func (m *substrings) find(s string, found func(from, to int, fingerprint string)) {
	if len(m.byPrefix) == 0 {
		return
	}
	for i := 0; i+FreeTextMinLength <= len(s); i++ {
		for _, p := range m.byPrefix[s[i:i+FreeTextMinLength]] {
			if strings.HasPrefix(s[i:], p.text) {
				found(i, i+len(p.text), p.fingerprint)
			}
		}
	}
}

// splice replaces the spans in s. Overlapping spans become one, shown by the
// fingerprint of the one that starts first (the longest of those): a reader
// loses the second fingerprint, never a piece of a secret.
func splice(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].from != spans[j].from {
			return spans[i].from < spans[j].from
		}
		return spans[i].to > spans[j].to
	})
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		for i++; i < len(spans) && spans[i].from < cur.to; i++ {
			cur.to = max(cur.to, spans[i].to)
		}
		b.WriteString(s[at:cur.from])
		b.WriteString(cur.fingerprint)
		at = cur.to
	}
	b.WriteString(s[at:])
	return b.String()
}
