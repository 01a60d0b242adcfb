// Package preflight checks a target file against the server it describes
// before any rule runs: is the server reachable, does its TLS certificate
// verify, do its metadata and JWKS parse, do the clients' credentials and
// redirect URIs work, can the test users log in. Each answer that is not
// right is a configuration problem with its fix; every check runs, so one
// preflight names every problem at once instead of one per attempt.
//
// What the server gets wrong on its own is not a configuration problem: a
// reachable server that answers its metadata or JWKS with an error or
// garbage gets a note, and the rules fail it. The exceptions are an
// endpoint the target file must then name itself, and an endpoint the
// metadata gives as plain http under an https issuer: toets sends no
// credential there, so every rule that needs it would fail for one cause,
// and the preflight says so first.
//
// The checks are deliberately not rules: they say nothing about whether the
// server conforms, only whether the target file matches the server well
// enough for the rules to mean something. The package has no godog import.
package preflight

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/redact"
	"github.com/toets/toets/internal/target"
)

// Options configure a preflight.
type Options struct {
	Target *target.Target
	// Browser logs the test users in; nil means login is not checked (and
	// the report says so).
	Browser *browser.Browser
	// SkipLogin leaves the browser part out even when a Browser is given.
	SkipLogin bool
	// Timeout bounds each network call (default record.DefaultTimeout).
	Timeout time.Duration
	// Redactor receives every secret seen; a new one is made when nil.
	Redactor *redact.Redactor
}

// Problem is one configuration problem: which check found it, about what,
// and what to change.
type Problem struct {
	Check   string // reachability, tls, metadata, jwks, client, client_key, redirect_uri, login
	Subject string // e.g. "client primary", "user alice"; empty for the target as a whole
	Message string // what is wrong and the fix
}

func (p Problem) String() string {
	if p.Subject == "" {
		return fmt.Sprintf("[%s] %s", p.Check, p.Message)
	}
	return fmt.Sprintf("[%s] %s: %s", p.Check, p.Subject, p.Message)
}

// Report is what a preflight found.
type Report struct {
	Problems []Problem
	// Passed lists what was checked and found right, one line each.
	Passed []string
	// Notes are caveats: checks that could not run and why, or that ran in
	// diagnostic mode.
	Notes    []string
	Duration time.Duration
}

// OK is true when no problem was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(check, subject, format string, a ...any) {
	r.Problems = append(r.Problems, Problem{Check: check, Subject: subject, Message: fmt.Sprintf(format, a...)})
}

func (r *Report) passed(format string, a ...any) {
	r.Passed = append(r.Passed, fmt.Sprintf(format, a...))
}
func (r *Report) note(format string, a ...any) { r.Notes = append(r.Notes, fmt.Sprintf(format, a...)) }

// Check runs every check. It does not stop at the first problem: a check
// that depends on an earlier one that failed is reported as not run, in
// Notes, with the reason.
func Check(ctx context.Context, opts Options) *Report {
	start := time.Now()
	if opts.Timeout == 0 {
		opts.Timeout = record.DefaultTimeout
	}
	if opts.Redactor == nil {
		opts.Redactor = redact.New()
	}
	for _, s := range opts.Target.Secrets {
		opts.Redactor.Add("secret", s)
	}
	// A copy, so that discovering endpoints here does not change the
	// target the run will use; the run discovers again and records it.
	t := *opts.Target
	r := &Report{}
	c := &checker{opts: opts, t: &t, r: r}
	c.run(ctx)
	r.Duration = time.Since(start)
	red := opts.Redactor.String
	for i := range r.Problems {
		r.Problems[i].Message = red(r.Problems[i].Message)
	}
	for i := range r.Notes {
		r.Notes[i] = red(r.Notes[i])
	}
	for i := range r.Passed {
		r.Passed[i] = red(r.Passed[i])
	}
	return r
}

// Write prints the report for a terminal or CI log: the problems first, as
// a numbered list, then the caveats and what was found right.
func (r *Report) Write(w io.Writer, targetPath string) {
	if r.OK() {
		fmt.Fprintf(w, "preflight of %s: no configuration problem found (%.1fs)\n", targetPath, r.Duration.Seconds())
	} else {
		fmt.Fprintf(w, "preflight of %s: %d configuration %s (%.1fs); fix the target file or the server's registration:\n",
			targetPath, len(r.Problems), plural(len(r.Problems), "problem", "problems"), r.Duration.Seconds())
		for i, p := range r.Problems {
			fmt.Fprintf(w, "  %d. %s\n", i+1, indent(p.String(), "     "))
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "notes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  - %s\n", indent(n, "    "))
		}
	}
	if len(r.Passed) > 0 {
		fmt.Fprintln(w, "checked and right:")
		for _, p := range r.Passed {
			fmt.Fprintf(w, "  - %s\n", p)
		}
	}
}

func indent(s, prefix string) string { return strings.ReplaceAll(s, "\n", "\n"+prefix) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
