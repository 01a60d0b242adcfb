// Package redact replaces secret values (client secrets, passwords, tokens,
// codes, private keys) by a short fingerprint before anything is written.
//
// A fingerprint such as ‹token sha256:3f2a9c1b› lets a reader of a report see
// that two values were equal (the token issued is the token sent) without
// seeing the value. Secrets are registered as the run discovers them; the
// report is redacted once, at the end, with everything known by then, so a
// token seen in a later scenario is also removed from an earlier one.
//
// Every secret is redacted whatever its length, but not everywhere alike. A
// secret of FreeTextMinLength characters or more is removed wherever it
// occurs, in any encoding a server may echo it in. A shorter one is removed
// where it stands as a whole value (a form field, a query parameter, a JSON
// member, an HTML attribute, a header), never as a substring of ordinary
// text, which it would shred; ShortNotice says so in the report.
package redact

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// FreeTextMinLength is the shortest secret, in characters, that is replaced
// wherever it occurs. Below it a value would match ordinary text all over a
// report; every secret toets itself or a sane server makes is much longer.
const FreeTextMinLength = 6

// RecommendedLength is the length ShortNotice asks for: comfortably above
// FreeTextMinLength, and what a test password should have anyway.
const RecommendedLength = 8

// Redactor knows the secret values of a run. It is safe for concurrent use.
type Redactor struct {
	mu     sync.Mutex
	values map[string]string // value -> kind of its first registration
	cached *index
}

// New returns an empty Redactor.
func New() *Redactor { return &Redactor{values: map[string]string{}} }

// Add registers a secret of the given kind ("token", "code", "secret",
// "password", ...). An empty value is ignored; any other is redacted, a
// short one only where it stands as a whole value.
func (r *Redactor) Add(kind, value string) {
	if value == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.values[value]; !ok {
		r.values[value] = kind
		r.cached = nil
	}
}

// Values returns every registered value. Tests use it to search outputs for
// leaks.
func (r *Redactor) Values() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.values))
	for v := range r.values {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// String redacts every registered value in s. It is the one redaction
// function: whole values first (where short secrets are found), then every
// spelling of every long secret anywhere in s, the raw text and each of its
// decodings, all replaced in one pass so that a fingerprint is never
// searched again.
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	ix := r.index()
	if len(ix.exact) == 0 {
		return s
	}
	var spans []span
	add := func(from, to int, fp string) { spans = append(spans, span{from, to, fp}) }
	wholeValues(s, max(ix.wholeCap, ix.basicCap), func(from, to int) {
		if fp, ok := ix.wholeMatch(s[from:to]); ok {
			add(from, to, fp)
		}
	})
	if len(ix.long.byPrefix) > 0 {
		ix.long.find(s, add)
		for _, v := range views(s) {
			ix.long.find(v.text, func(i, j int, fp string) {
				from, to := v.span(i, j)
				add(from, to, fp)
			})
		}
	}
	return splice(s, spans)
}

// index is what String needs, built once after the last Add.
type index struct {
	exact map[string]string // every secret -> its fingerprint
	long  *substrings       // the spellings of the long secrets
	// wholeCap is the longest whole value worth decoding for a short
	// secret: a character escaped as a numeric HTML reference takes at
	// most maxEntity bytes. basicCap is the longest Basic credential worth
	// decoding: a user-id and a form-encoded password.
	wholeCap, basicCap int
}

func (r *Redactor) index() *index {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cached != nil {
		return r.cached
	}
	ix := &index{exact: make(map[string]string, len(r.values))}
	var long []pattern
	maxLen := 0
	for v, kind := range r.values {
		fp := Fingerprint(kind, v)
		ix.exact[v] = fp
		maxLen = max(maxLen, len(v))
		if Short(v) {
			ix.wholeCap = max(ix.wholeCap, maxEntity*len(v))
			continue
		}
		for _, spelling := range variants(v) {
			long = append(long, pattern{spelling, fp})
		}
	}
	ix.basicCap = base64.StdEncoding.EncodedLen(maxBasicUser+1+3*maxLen) * 3
	// Longest first within a prefix bucket is not needed for correctness
	// (every occurrence is found) but keeps the order stable for tests.
	sort.Slice(long, func(i, j int) bool {
		if len(long[i].text) != len(long[j].text) {
			return len(long[i].text) > len(long[j].text)
		}
		return long[i].text < long[j].text
	})
	ix.long = newSubstrings(long)
	r.cached = ix
	return ix
}

// maxBasicUser bounds the user-id part of a Basic credential worth decoding;
// client ids that are URLs are the longest seen.
const maxBasicUser = 1024

// Short reports whether v is below FreeTextMinLength characters, so that it
// is redacted only where it stands as a whole value.
func Short(v string) bool { return utf8.RuneCountInString(v) < FreeTextMinLength }

// ShortNotice is the notice for the report's first page when the secret
// named name (a path in the target file, "users[0].password") is too short
// to be redacted in free text; "" when it is long enough or empty.
func ShortNotice(name, value string) string {
	if value == "" || !Short(value) {
		return ""
	}
	what := path.Base(strings.NewReplacer("[", "/", "]", "", ".", "/").Replace(name))
	return fmt.Sprintf("%s is %d characters long: it is redacted where it stands as a whole value "+
		"(form fields, query parameters, JSON members, headers), not in free text; "+
		"use a test %s of %d characters or more", name, utf8.RuneCountInString(value), what, RecommendedLength)
}

// Fingerprint is the text that stands for a secret: its kind and the first
// eight hex digits of its SHA-256.
func Fingerprint(kind, value string) string {
	sum := sha256.Sum256([]byte(value))
	return "‹" + kind + " sha256:" + hex.EncodeToString(sum[:4]) + "›"
}

// variants are the spellings of a long secret searched for literally. The
// escapes a server may apply (percent, form, HTML, JSON, and two of them
// nested) are undone on the text instead (see views), which covers every
// mixture of escape styles; base64 cannot be undone on a text without
// knowing where it starts, so its four alphabets and paddings are listed.
// The padded forms contain the unpadded ones; both are kept so that the
// padding goes with the secret.
func variants(v string) []string {
	b := []byte(v)
	// Every spelling is at least as long as v, which is at least
	// FreeTextMinLength characters, hence bytes: the substring index keys
	// on that many bytes.
	out := []string{v}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if e := enc.EncodeToString(b); !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}
