// Package redact replaces secret values (client secrets, passwords, tokens,
// codes, private keys) by a short fingerprint before anything is written.
//
// A fingerprint such as ‹token sha256:3f2a9c1b› lets a reader of a report see
// that two values were equal (the token issued is the token sent) without
// seeing the value. Secrets are registered as the run discovers them; the
// report is redacted once, at the end, with everything known by then, so a
// token seen in a later scenario is also removed from an earlier one.
package redact

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// MinLength is the shortest value that is redacted: shorter values would
// match ordinary text all over a report. Every secret toets itself or a
// sane server makes is much longer.
const MinLength = 6

// Redactor knows the secret values of a run. It is safe for concurrent use.
type Redactor struct {
	mu     sync.Mutex
	values map[string]string // value -> kind
	cached *strings.Replacer
}

// New returns an empty Redactor.
func New() *Redactor { return &Redactor{values: map[string]string{}} }

// Add registers a secret of the given kind ("token", "code", "secret",
// "password", ...). The encodings in which it may appear in a recorded
// exchange (form and query encoding, path encoding, base64) are registered
// with it.
func (r *Redactor) Add(kind, value string) {
	if len(value) < MinLength {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range variants(value) {
		if _, ok := r.values[v]; !ok && len(v) >= MinLength {
			r.values[v] = kind
			r.cached = nil
		}
	}
}

// Values returns every registered value (not the variants' fingerprints).
// Tests use it to search outputs for leaks.
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

// String redacts every registered value in s.
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	return r.replacer().Replace(s)
}

func (r *Redactor) replacer() *strings.Replacer {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cached != nil {
		return r.cached
	}
	// Longest first, so that a value that contains another (a Basic
	// credential containing the secret's base64) is replaced whole.
	keys := make([]string, 0, len(r.values))
	for v := range r.values {
		keys = append(keys, v)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, Fingerprint(r.values[k], k))
	}
	r.cached = strings.NewReplacer(pairs...)
	return r.cached
}

// Fingerprint is the text that stands for a secret: its kind and the first
// eight hex digits of its SHA-256.
func Fingerprint(kind, value string) string {
	sum := sha256.Sum256([]byte(value))
	return "‹" + kind + " sha256:" + hex.EncodeToString(sum[:4]) + "›"
}

// variants are the forms in which a secret travels in HTTP.
func variants(v string) []string {
	return []string{
		v,
		url.QueryEscape(v),
		url.PathEscape(v),
		base64.StdEncoding.EncodeToString([]byte(v)),
		base64.RawURLEncoding.EncodeToString([]byte(v)),
	}
}
