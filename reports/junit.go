package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteJUnit writes the run as JUnit XML for CI systems: a testsuite per
// feature, a testcase per scenario. Give it a redacted run (Run.Redacted).
//
// JUnit knows only pass, failure, error and skipped, so the mapping is:
// fail is a <failure>, error an <error>, not-applicable a <skipped>, and a
// warning passes, because a SHOULD that is not met must not turn a nightly
// build red, with its message in <system-out>. The common JUnit schema allows
// <properties> only on a testsuite, so the rule of each testcase (id, level,
// sources) is written at the top of its <system-out>.
func WriteJUnit(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: WriteJUnit: no run")
	}
	doc := junitTestsuites{Name: "toets"}
	if r.Target.Name != "" {
		doc.Name = "toets: " + r.Target.Name
	}
	var total time.Duration
	for _, group := range byFeature(r.Scenarios) {
		suite := newJUnitSuite(r, group)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		for _, s := range group.scenarios {
			total += s.Duration
		}
		doc.Suites = append(doc.Suites, suite)
	}
	if r.Interrupted {
		// A CI tool reads the counts, not the exit code: an interrupted
		// run with no failure among the rules that ran would show green.
		// One more suite with an error makes it red and says why; the
		// counts of the rules that ran stay as they are.
		suite := interruptedSuite(r)
		doc.Tests += suite.Tests
		doc.Errors += suite.Errors
		doc.Suites = append(doc.Suites, suite)
	}
	doc.Time = seconds(total)

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("reports: writing JUnit XML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type junitTestsuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Time     string           `xml:"time,attr"`
	Suites   []junitTestsuite `xml:"testsuite"`
}

type junitTestsuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitTestcase `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestcase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// featureGroup is the scenarios of one feature, in run order.
type featureGroup struct {
	name      string
	uri       string
	scenarios []*Scenario
}

// byFeature groups scenarios by feature file in the order features were first
// run, which is the order of the feature files, so reports follow the
// specification's layout.
func byFeature(scenarios []*Scenario) []*featureGroup {
	var groups []*featureGroup
	seen := map[string]*featureGroup{}
	for _, s := range scenarios {
		// The URI identifies a feature; two files may share a title.
		key := s.FeatureURI + "\x00" + s.Feature
		g := seen[key]
		if g == nil {
			g = &featureGroup{name: s.Feature, uri: s.FeatureURI}
			if g.name == "" {
				g.name = s.FeatureURI
			}
			seen[key] = g
			groups = append(groups, g)
		}
		g.scenarios = append(g.scenarios, s)
	}
	return groups
}

func newJUnitSuite(r *Run, g *featureGroup) junitTestsuite {
	suite := junitTestsuite{Name: g.name}
	// Run-wide facts repeat on every suite: CI tools often show one suite
	// at a time, and a reader must see the target and the notices there too.
	suite.Properties = append(suite.Properties,
		junitProperty{"target", r.Target.Name},
		junitProperty{"issuer", r.Target.Issuer},
		junitProperty{"profile", r.Target.Profile},
		junitProperty{"feature.uri", g.uri},
		junitProperty{"tool", strings.TrimSpace(r.Tool + " " + r.Version)},
	)
	suite.Properties = append(suite.Properties, runProperties(r)...)

	var total time.Duration
	var first time.Time
	for _, s := range g.scenarios {
		total += s.Duration
		if !s.Started.IsZero() && (first.IsZero() || s.Started.Before(first)) {
			first = s.Started
		}
		tc := junitTestcase{Classname: g.name, Name: s.Name, Time: seconds(s.Duration), SystemOut: junitSystemOut(s)}
		switch s.Verdict {
		case Fail:
			suite.Failures++
			tc.Failure = &junitProblem{Message: junitHeadline(s), Type: "fail", Text: junitProblemText(s)}
		case Error:
			suite.Errors++
			tc.Error = &junitProblem{Message: junitHeadline(s), Type: "error", Text: junitProblemText(s)}
		case NotApplicable:
			suite.Skipped++
			tc.Skipped = &junitSkipped{Message: "not applicable: " + junitHeadline(s)}
		case Waived:
			suite.Skipped++
			tc.Skipped = &junitSkipped{Message: waivedMessage(s)}
		case Pass, Warning:
		default:
			// An unknown verdict must not pass silently in CI.
			suite.Errors++
			tc.Error = &junitProblem{Message: fmt.Sprintf("unknown verdict %q", s.Verdict), Type: "error", Text: junitProblemText(s)}
		}
		suite.Tests++
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Time = seconds(total)
	if !first.IsZero() {
		// The JUnit schema's timestamp has no zone, so it is written in UTC.
		suite.Timestamp = first.UTC().Format("2006-01-02T15:04:05")
	}
	return suite
}

// runProperties are the run-wide facts every suite repeats after its own:
// the process's exit code, whether the run was interrupted, the notices.
func runProperties(r *Run) []junitProperty {
	props := []junitProperty{{"exitCode", fmt.Sprint(r.ExitCode())}}
	if r.Interrupted {
		props = append(props, junitProperty{"interrupted", "true: results are incomplete"})
	}
	for _, n := range r.Notices {
		props = append(props, junitProperty{"notice", n})
	}
	return props
}

// interruptedSuite is the suite that marks an interrupted run: one testcase,
// "the run finished", in error.
func interruptedSuite(r *Run) junitTestsuite {
	message := fmt.Sprintf("the run was interrupted (exit %d): the rules after the interruption did not run, so this run is no verdict on the target", r.ExitCode())
	return junitTestsuite{
		Name:       "toets run",
		Tests:      1,
		Errors:     1,
		Time:       seconds(0),
		Properties: append([]junitProperty{{"target", r.Target.Name}, {"tool", strings.TrimSpace(r.Tool + " " + r.Version)}}, runProperties(r)...),
		Cases: []junitTestcase{{
			Classname: "toets run",
			Name:      "the run finished",
			Time:      seconds(0),
			Error: &junitProblem{Message: message, Type: "interrupted",
				Text: fmt.Sprintf("%s\n\n%d scenarios finished before the interruption; their verdicts are in the other suites.\n", message, len(r.Scenarios))},
		}},
	}
}

// junitHeadline is the message attribute, which CI tools show as the one-line
// reason; the full message is in the element's text.
func junitHeadline(s *Scenario) string {
	if line := firstLine(s.Message); line != "" {
		return line
	}
	return fmt.Sprintf("rule %s: %s", ruleLabel(s.Rule.ID), verdictLabel(s.Verdict))
}

func junitProblemText(s *Scenario) string {
	var b strings.Builder
	if s.Message != "" {
		b.WriteString(strings.TrimRight(s.Message, "\n") + "\n\n")
	}
	fmt.Fprintf(&b, "rule: %s (%s)\nsources: %s\n", ruleLabel(s.Rule.ID), levelLabel(s.Rule.Level), sourcesLabel(s.Rule.Sources))
	for i, st := range s.Steps {
		if st.Error != "" {
			fmt.Fprintf(&b, "%s failed with: %s\n", stepLabel(s, i), st.Error)
		}
	}
	return b.String()
}

// junitSystemOut carries what JUnit has no place for: the rule, the warning
// text, the steps and a one-line list of exchanges, enough to judge a CI
// failure before opening the HTML report.
func junitSystemOut(s *Scenario) string {
	var b strings.Builder
	if s.Verdict == Warning {
		fmt.Fprintf(&b, "WARNING (SHOULD not met): %s\n\n", strings.TrimRight(s.Message, "\n"))
	}
	fmt.Fprintf(&b, "rule: %s\nlevel: %s\nsources: %s\ninterface: %s\nverdict: %s\n",
		ruleLabel(s.Rule.ID), levelLabel(s.Rule.Level), sourcesLabel(s.Rule.Sources),
		interfaceLabel(s.Rule.Interface), verdictLabel(s.Verdict))
	if len(s.Rule.Profiles) > 0 {
		fmt.Fprintf(&b, "profiles: %s\n", strings.Join(s.Rule.Profiles, ", "))
	}
	if s.FeatureURI != "" {
		fmt.Fprintf(&b, "location: %s:%d\n", s.FeatureURI, s.Line)
	}
	if len(s.Steps) > 0 {
		b.WriteString("steps:\n")
		for _, st := range s.Steps {
			fmt.Fprintf(&b, "  %-9s %s %s\n", st.Status, strings.TrimSpace(st.Keyword), st.Text)
		}
	}
	if len(s.Exchanges) > 0 {
		b.WriteString("HTTP exchanges:\n")
		for _, ex := range s.Exchanges {
			fmt.Fprintf(&b, "  %s\n", exchangeHeadline(ex))
		}
	}
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// waivedMessage is the JUnit skip message of a waived scenario, so CI shows
// who signed for the known issue and until when.
func waivedMessage(s *Scenario) string {
	if s.Waiver == nil {
		return "waived"
	}
	return fmt.Sprintf("waived: %s (%s, until %s)", s.Waiver.Reason, s.Waiver.By, s.Waiver.Expires)
}
