// Package check is the vocabulary of toets's checks. A check is a pure
// function over recorded evidence (a parsed response, a page) that returns
// the findings it made: none when the evidence meets the sentence it
// proves. Checks live in one package per interface (internal/checks/...);
// they know nothing of godog, testify or the network, so each is tested on
// its own with the RFC's examples and with the answers of real servers.
//
// A step hands a check's findings to the scenario's world; the runner puts
// them in the run model, and the fault matrix asserts which check a fault
// trips by its ID.
package check

import (
	"fmt"
	"strings"
)

// Cause says who is most likely at fault, for a vendor reading the report.
type Cause string

const (
	// Implementation: the server under test does not do what the sentence
	// asks.
	Implementation Cause = "implementation"
	// Configuration: the target file may describe the server wrongly (a
	// missing host, a wrong client), or else the implementation is at fault.
	Configuration Cause = "configuration"
)

// Hint is the line a failure message ends with.
func (c Cause) Hint() string {
	if c == Configuration {
		return "likely cause: the target file (configuration), or the implementation"
	}
	return "likely cause: the implementation under test"
}

// Source is the sentence a check proves: the document, its section and the
// words that make it a MUST or a SHOULD.
type Source struct {
	Doc     string // "RFC 7662"
	Section string // "2.2"
	Quote   string // the sentence, verbatim or nearly
}

func (s Source) String() string {
	if s.Section == "" {
		return s.Doc
	}
	return s.Doc + " §" + s.Section
}

// Finding is one thing a check found wrong.
type Finding struct {
	// Check is the check's ID, "<interface>.<name>", stable across
	// releases: the fault table and waivers may name it.
	Check    string
	Source   Source
	What     string // what was checked, in the reader's words
	Expected string
	Received string
	Cause    Cause
}

// Message is the failure text a vendor reads: what, expected, received,
// the sentence and who is likely at fault.
func (f Finding) Message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\nexpected: %s\nreceived: %s", f.What, f.Source, f.Expected, f.Received)
	if f.Source.Quote != "" {
		fmt.Fprintf(&b, "\n%s: %q", f.Source, f.Source.Quote)
	}
	fmt.Fprintf(&b, "\n%s [check %s]", f.Cause.Hint(), f.Check)
	return b.String()
}

// Unit is a named check with the sentence it proves, so that a check's
// findings always carry the same ID and source.
type Unit struct {
	ID     string
	Source Source
	What   string
}

// Fail is a finding of this check.
func (u Unit) Fail(expected, received string, cause Cause) Finding {
	return Finding{Check: u.ID, Source: u.Source, What: u.What, Expected: expected, Received: received, Cause: cause}
}

// Failf is Fail with a formatted received value.
func (u Unit) Failf(expected string, cause Cause, format string, a ...any) Finding {
	return u.Fail(expected, fmt.Sprintf(format, a...), cause)
}

// Response is the part of an HTTP response a check reads.
type Response struct {
	Status int
	// ContentType is the Content-Type header's value.
	ContentType string
	Body        []byte
}

// Snippet is a short, one-line form of a body for a failure message.
func Snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}

// Answer describes a response for "received": its status and body.
func (r Response) Answer() string { return fmt.Sprintf("HTTP %d %s", r.Status, Snippet(r.Body)) }
