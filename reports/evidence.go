package reports

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// This file holds the wording the renderers share, so that the HTML report,
// the JUnit and Cucumber files and the terminal summary describe a verdict, a
// level or an HTTP exchange in the same words: a vendor comparing the CI log
// with the report must not wonder whether they say different things.

// verdictLabel is how a verdict is written for people; the constant's value
// stays the machine spelling.
func verdictLabel(v Verdict) string {
	if v == NotApplicable {
		return "not applicable"
	}
	return string(v)
}

// verdictMeaning explains a verdict in one line, for legends and index
// headings, because "warning" and "error" mean something narrower here than
// in everyday speech.
func verdictMeaning(v Verdict) string {
	switch v {
	case Fail:
		return "a MUST rule is not met by the target"
	case Error:
		return "the harness or the configuration failed; the rule could not be judged"
	case Warning:
		return "a SHOULD rule is not met"
	case NotApplicable:
		return "the target does not offer what the rule is about"
	case Waived:
		return "a fail or warning covered by an unexpired waiver (a signed-for known issue); it does not fail the run"
	case Pass:
		return "the rule is met"
	}
	return "unknown verdict"
}

// levelLabel writes a rule level the way RFC 2119 does, so MUST and SHOULD
// stand out in every report.
func levelLabel(level string) string {
	if level == "" {
		return "level unknown"
	}
	return strings.ToUpper(level)
}

// ruleLabel never returns an empty string: a missing @rule tag is itself worth
// seeing in a report.
func ruleLabel(id string) string {
	if id == "" {
		return "(no rule id)"
	}
	return id
}

func sourcesLabel(sources []string) string {
	if len(sources) == 0 {
		return "(no source)"
	}
	return strings.Join(sources, ", ")
}

func interfaceLabel(name string) string {
	if name == "" {
		return "(no interface)"
	}
	return name
}

// firstLine is the headline of a message: summaries and JUnit attributes have
// room for one line, the full text is in the report.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// formatDuration rounds to a precision a reader can use; nanoseconds would
// only suggest an accuracy the measurements do not have.
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Minute:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// formatTime keeps the zone: certification staff compare the report with
// server logs, which may be in any zone.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "(unknown)"
	}
	return t.Format("2006-01-02 15:04:05 MST")
}

// exitMeaning says what the process exit code means, because CI readers see
// only the number.
func exitMeaning(code int) string {
	switch code {
	case 0:
		return "exit 0: no MUST rule failed (warnings, waived failures and not-applicable rules never fail a run)"
	case 1:
		return "exit 1: at least one MUST rule failed: the target does not conform"
	case 2:
		return "exit 2: the harness or the configuration failed for at least one rule (error verdict): fix that first, those rules were not judged"
	case 130, 143:
		return fmt.Sprintf("exit %d: the run was interrupted (%s): the rules after the interruption did not run, so this run is no verdict on the target", code, map[int]string{130: "SIGINT", 143: "SIGTERM"}[code])
	}
	return fmt.Sprintf("exit %d", code)
}

// headerLines writes a header in wire form, sorted by name so that two runs
// of the same exchange render identically and can be diffed.
func headerLines(h http.Header) []string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var lines []string
	for _, name := range names {
		for _, v := range h[name] {
			lines = append(lines, name+": "+v)
		}
	}
	return lines
}

func requestLine(req Request) string {
	return strings.TrimSpace(req.Method + " " + req.URL)
}

// statusLine rebuilds the response's status line; the recorder keeps the
// parts, not the line.
func statusLine(resp *Response) string {
	if resp == nil {
		return ""
	}
	line := fmt.Sprintf("%d %s", resp.Status, http.StatusText(resp.Status))
	if resp.Proto != "" {
		line = resp.Proto + " " + line
	}
	return strings.TrimSpace(line)
}

// truncationNote tells the reader that the body they see is not all the
// server sent, so that a missing closing brace is not taken for a server bug.
// The length is that of the recorded body after redaction, which may differ
// from the recorder's limit by the length difference of replaced secrets.
func truncationNote(resp *Response) string {
	if resp == nil || !resp.Truncated {
		return ""
	}
	return fmt.Sprintf("body cut at %d bytes", len(resp.Body))
}

// stepLabel names a step by number and text, for evidence that belongs to a
// step (exchanges, screenshots). Numbers count from 1, as readers do.
func stepLabel(s *Scenario, i int) string {
	if i < 0 || i >= len(s.Steps) {
		return fmt.Sprintf("step %d (not among the recorded steps)", i+1)
	}
	st := s.Steps[i]
	return fmt.Sprintf("step %d: %s %s", i+1, strings.TrimSpace(st.Keyword), st.Text)
}

// exchangeHeadline is the one-line description of an exchange used in
// collapsed blocks and summaries.
func exchangeHeadline(ex Exchange) string {
	outcome := "no response"
	switch {
	case ex.Response != nil:
		outcome = fmt.Sprintf("%d %s", ex.Response.Status, http.StatusText(ex.Response.Status))
	case ex.Err != "":
		outcome = "transport error: " + firstLine(ex.Err)
	}
	return fmt.Sprintf("%s -> %s (%s)", requestLine(ex.Request), outcome, formatDuration(ex.Duration))
}

// transcript writes an exchange as plain text, for formats that cannot show
// structure (Cucumber embeddings). Section markers keep request and response
// apart even when bodies contain blank lines.
func transcript(s *Scenario, ex Exchange) string {
	var b strings.Builder
	fmt.Fprintf(&b, "--- request (%s, started %s, took %s) ---\n",
		stepLabel(s, ex.Step), formatTime(ex.Started), formatDuration(ex.Duration))
	b.WriteString(requestLine(ex.Request) + "\n")
	for _, l := range headerLines(ex.Request.Header) {
		b.WriteString(l + "\n")
	}
	if ex.Request.Body != "" {
		b.WriteString("\n" + ex.Request.Body + "\n")
	}
	if ex.Err != "" {
		b.WriteString("--- transport error ---\n" + ex.Err + "\n")
	}
	if ex.Response == nil {
		if ex.Err == "" {
			b.WriteString("--- no response recorded ---\n")
		}
		return b.String()
	}
	b.WriteString("--- response ---\n")
	b.WriteString(statusLine(ex.Response) + "\n")
	for _, l := range headerLines(ex.Response.Header) {
		b.WriteString(l + "\n")
	}
	if ex.Response.Body != "" {
		b.WriteString("\n" + ex.Response.Body + "\n")
	}
	if n := truncationNote(ex.Response); n != "" {
		b.WriteString("--- " + n + " ---\n")
	}
	return b.String()
}
