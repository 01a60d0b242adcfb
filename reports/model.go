// Package reports holds the run model, the one record of what a toets run did
// and found, and the renderers that turn it into files (HTML, JUnit XML,
// Cucumber JSON) and into the one-screen summary.
//
// The model is built by the runner while the scenarios execute; renderers only
// read it. Secrets are removed once, by Run.Redacted, before any renderer sees
// the model, so no renderer has to think about redaction.
package reports

import (
	"net/http"
	"sort"
	"time"
)

// Verdict is the outcome of one scenario, that is of one rule on one target.
type Verdict string

// The verdicts are deliberately distinct: a SHOULD that is not met is a
// warning, a feature the target does not offer is not applicable, and a
// problem of the harness or of the configuration is an error, never a failure
// of the target.
const (
	Pass          Verdict = "pass"
	Fail          Verdict = "fail"
	Warning       Verdict = "warning"
	NotApplicable Verdict = "not-applicable"
	Error         Verdict = "error"
	// Waived is a fail or warning that an unexpired waiver (a known issue
	// someone signed for) covers: it is shown, but does not fail the run.
	Waived Verdict = "waived"
)

// Verdicts lists every verdict in the order reports show them: the ones that
// need attention first.
var Verdicts = []Verdict{Fail, Error, Warning, Waived, NotApplicable, Pass}

// StepStatus is what happened to one Gherkin step.
type StepStatus string

// Step statuses, as godog reports them, plus not-applicable.
const (
	StepPassed        StepStatus = "passed"
	StepFailed        StepStatus = "failed"
	StepSkipped       StepStatus = "skipped"
	StepUndefined     StepStatus = "undefined"
	StepPending       StepStatus = "pending"
	StepNotApplicable StepStatus = "not-applicable"
)

// Run is one execution of the suite against one target.
type Run struct {
	Tool        string    `json:"tool"`
	Version     string    `json:"version"`
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished"`
	Target      Target    `json:"target"`
	Tags        string    `json:"tags,omitempty"`
	Interrupted bool      `json:"interrupted,omitempty"`
	// Notices are run-wide warnings a reader must see on the first page,
	// such as TLS verification being switched off or a literal secret in the
	// target file.
	Notices   []string    `json:"notices,omitempty"`
	Scenarios []*Scenario `json:"scenarios"`
	// Manifest says exactly what ran (tool, features, target file), for
	// evidence; nil when the caller did not make one.
	Manifest *Manifest `json:"manifest,omitempty"`
	// Comparison is the diff against a baseline run, when one was given.
	Comparison *Comparison `json:"comparison,omitempty"`
	// Catalog is every rule of the features, run or not, for the
	// requirements matrix; nil leaves requirements.csv to the rules that ran.
	Catalog []CatalogRule `json:"-"`
	// Exit is the exit code the process will end with, when the CLI has
	// decided it (ExitDecided) before the reports are written: an
	// interrupt's 130 or 143, or --fail-on regressions passing a run with
	// known failures. ExitCode returns it, so every report says what the
	// process says. Without ExitDecided the verdicts decide. (Two plain
	// fields rather than a pointer: a copy of the run shares nothing.)
	Exit        int  `json:"-"`
	ExitDecided bool `json:"-"`
}

// Target describes what was tested, without any secret.
type Target struct {
	Name    string `json:"name"`
	Profile string `json:"profile"`
	Issuer  string `json:"issuer"`
	File    string `json:"file,omitempty"`
}

// Rule is what a scenario proves, read from its tags.
type Rule struct {
	// ID is the value of the scenario's @rule:<id> tag; the fault table of
	// the reference server names rules by this id.
	ID string `json:"id"`
	// Sources are the documents the rule comes from, e.g. rfc6749-5.2,
	// medmij-rfc0015.
	Sources []string `json:"sources"`
	// Level is "must" or "should".
	Level string `json:"level"`
	// Interface is authorization, token, resource, metadata or keys.
	Interface string `json:"interface"`
	// Profiles are the target profiles the rule belongs to.
	Profiles []string `json:"profiles"`
	// Quote is the source sentence that makes the rule a MUST or a SHOULD,
	// with its document and section, from the scenario's description.
	Quote string `json:"quote,omitempty"`
}

// Scenario is one executed (or not applicable) scenario: one rule, or one row
// of a rule's outline.
type Scenario struct {
	ID         string        `json:"id"`
	Feature    string        `json:"feature"`
	FeatureURI string        `json:"featureUri"`
	Name       string        `json:"name"`
	Line       int           `json:"line"`
	Tags       []string      `json:"tags"`
	Rule       Rule          `json:"rule"`
	Verdict    Verdict       `json:"verdict"`
	Message    string        `json:"message,omitempty"`
	Started    time.Time     `json:"started"`
	Duration   time.Duration `json:"duration"`
	Steps      []Step        `json:"steps"`
	Exchanges  []Exchange    `json:"exchanges,omitempty"`
	Shots      []Screenshot  `json:"screenshots,omitempty"`
	Notes      []string      `json:"notes,omitempty"`
	// FailedChecks are the IDs of the checks (internal/checks) that found
	// something, in the order they did; the fault matrix reads them.
	FailedChecks []string `json:"failedChecks,omitempty"`
	// Waiver is the waiver that covers (or covered, if expired) this
	// scenario's failure.
	Waiver *Waiver `json:"waiver,omitempty"`
}

// Waiver is a known issue signed for by a person until a date.
type Waiver struct {
	Reason  string `json:"reason"`
	By      string `json:"by"`
	Expires string `json:"expires"` // YYYY-MM-DD, the last day it counts
	// Expired is set when the waiver matched but its date has passed: the
	// scenario keeps its fail or warning verdict.
	Expired bool `json:"expired,omitempty"`
	// Was is the verdict the waiver replaced (fail or warning).
	Was Verdict `json:"was,omitempty"`
}

// Step is one Gherkin step of a scenario and its outcome.
type Step struct {
	Keyword  string        `json:"keyword"`
	Text     string        `json:"text"`
	Line     int           `json:"line"`
	Status   StepStatus    `json:"status"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration"`
}

// Exchange is one recorded HTTP request and its response, the evidence for
// most verdicts.
type Exchange struct {
	// Step is the index in Scenario.Steps of the step that made the request.
	Step     int           `json:"step"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration"`
	Request  Request       `json:"request"`
	Response *Response     `json:"response,omitempty"`
	// Err is the transport error when there was no response (timeout, TLS,
	// refused connection, refused by the host guard).
	Err string `json:"error,omitempty"`
}

// Request is the recorded request side of an Exchange.
type Request struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"header"`
	Body   string      `json:"body,omitempty"`
}

// Response is the recorded response side of an Exchange.
type Response struct {
	Status    int         `json:"status"`
	Proto     string      `json:"proto"`
	Header    http.Header `json:"header"`
	Body      string      `json:"body,omitempty"`
	Truncated bool        `json:"truncated,omitempty"`
}

// Screenshot is a PNG of a page the user saw in the browser.
type Screenshot struct {
	Step    int       `json:"step"`
	Caption string    `json:"caption"`
	URL     string    `json:"url"`
	PNG     []byte    `json:"png"`
	Taken   time.Time `json:"taken"`
}

// Counts tallies verdicts.
type Counts map[Verdict]int

// Total is the number of scenarios counted.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Counts tallies the verdicts of the whole run.
func (r *Run) Counts() Counts {
	c := Counts{}
	for _, s := range r.Scenarios {
		c[s.Verdict]++
	}
	return c
}

// CountsByInterface tallies verdicts per interface (authorization, token, ...).
func (r *Run) CountsByInterface() map[string]Counts {
	m := map[string]Counts{}
	for _, s := range r.Scenarios {
		if m[s.Rule.Interface] == nil {
			m[s.Rule.Interface] = Counts{}
		}
		m[s.Rule.Interface][s.Verdict]++
	}
	return m
}

// Interfaces returns the interfaces present in the run, sorted.
func (r *Run) Interfaces() []string {
	var out []string
	for k := range r.CountsByInterface() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Ordered returns the scenarios with those that need attention first (fail,
// error, warning, not applicable, pass), keeping feature order within a verdict.
func (r *Run) Ordered() []*Scenario {
	rank := map[Verdict]int{}
	for i, v := range Verdicts {
		rank[v] = i
	}
	out := append([]*Scenario(nil), r.Scenarios...)
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Verdict] < rank[out[j].Verdict] })
	return out
}

// ExitCode is the process exit code: Exit when the CLI has decided it, else
// what the verdicts deserve: 2 when the harness or the configuration failed
// (an error verdict), 1 when a MUST rule failed, 0 otherwise. Warnings
// (failed SHOULDs) and not-applicable rules never fail a run.
func (r *Run) ExitCode() int {
	if r.ExitDecided {
		return r.Exit
	}
	c := r.Counts()
	switch {
	case c[Error] > 0:
		return 2
	case c[Fail] > 0:
		return 1
	}
	return 0
}
