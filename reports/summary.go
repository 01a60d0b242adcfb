package reports

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// maxListedWarnings is how many warnings the summary lists one by one; more
// would push the failures off the screen, so beyond it only the count is
// shown and the report has the rest.
const maxListedWarnings = 5

// WriteSummary writes the one-screen plain-text summary that ends a run in a
// terminal or CI log: the target, counts per interface, every failure and
// error with its rule, the warnings, where the report is and what the exit
// code means. It uses no colours or cursor codes, because CI logs show them
// as garbage. outDir is the directory WriteAll wrote to. Give it a redacted
// run (Run.Redacted).
func WriteSummary(w io.Writer, r *Run, outDir string) error {
	if r == nil {
		return fmt.Errorf("reports: WriteSummary: no run")
	}
	bw := bufio.NewWriter(w)

	fmt.Fprintf(bw, "%s %s: target %s", orDefault(r.Tool, "toets"), r.Version, orDefault(r.Target.Name, "(unnamed)"))
	if r.Target.Profile != "" {
		fmt.Fprintf(bw, ", profile %s", r.Target.Profile)
	}
	if r.Target.Issuer != "" {
		fmt.Fprintf(bw, ", issuer %s", r.Target.Issuer)
	}
	bw.WriteString("\n")
	if !r.Started.IsZero() {
		fmt.Fprintf(bw, "run started %s", formatTime(r.Started))
		if !r.Finished.IsZero() {
			fmt.Fprintf(bw, ", took %s", formatDuration(r.Finished.Sub(r.Started)))
		}
		bw.WriteString("\n")
	}
	if r.Interrupted {
		bw.WriteString("NOTICE: the run was interrupted; the results are incomplete\n")
	}
	for _, n := range r.Notices {
		fmt.Fprintf(bw, "NOTICE: %s\n", n)
	}
	bw.WriteString("\n")

	// Write errors are sticky in bufio.Writer and reported by Flush.
	writeCountsTable(bw, r)

	// Failures and errors are listed in full because they are what the
	// reader has to act on; each gets its rule and source so the fix can
	// start from the log alone.
	for _, s := range r.Ordered() {
		if s.Verdict != Fail && s.Verdict != Error {
			continue
		}
		writeSummaryEntry(bw, s)
	}

	var warnings []*Scenario
	for _, s := range r.Scenarios {
		if s.Verdict == Warning {
			warnings = append(warnings, s)
		}
	}
	if len(warnings) > 0 {
		fmt.Fprintf(bw, "\n%d %s (a SHOULD rule not met; warnings never fail a run)", len(warnings), plural(len(warnings), "warning", "warnings"))
		if len(warnings) > maxListedWarnings {
			bw.WriteString(": listed in the report\n")
		} else {
			bw.WriteString(":\n")
			for _, s := range warnings {
				fmt.Fprintf(bw, "  %s (%s): %s\n", ruleLabel(s.Rule.ID), sourcesLabel(s.Rule.Sources), firstLine(orDefault(s.Message, s.Name)))
			}
		}
	}

	var waived []*Scenario
	for _, s := range r.Scenarios {
		if s.Verdict == Waived {
			waived = append(waived, s)
		}
	}
	if len(waived) > 0 {
		fmt.Fprintf(bw, "\n%d waived (known issues that do not fail the run):\n", len(waived))
		for _, s := range waived {
			fmt.Fprintf(bw, "  %s: %s\n", ruleLabel(s.Rule.ID), waivedMessage(s))
		}
	}
	if r.Comparison != nil {
		bw.WriteString("\n")
		_ = r.Comparison.WriteText(bw)
	}

	fmt.Fprintf(bw, "\nreport: %s\n", filepath.Join(outDir, "report.html"))
	fmt.Fprintf(bw, "%s\n", summaryExitMeaning(r.ExitCode()))
	return bw.Flush()
}

// summaryExitMeaning adds the interrupt's codes to exitMeaning, so the last
// line of an interrupted run never reads like a verdict on the target.
func summaryExitMeaning(code int) string {
	switch code {
	case 130:
		return "exit 130: interrupted (SIGINT): the rules after the interruption did not run; this run is no verdict on the target"
	case 143:
		return "exit 143: terminated (SIGTERM): the rules after the interruption did not run; this run is no verdict on the target"
	}
	return exitMeaning(code)
}

func writeCountsTable(w io.Writer, r *Run) {
	// Pass comes first here, unlike in Verdicts: a table is read as a score
	// from left to right, whereas lists put what needs attention first.
	order := []Verdict{Pass, Fail, Warning, Waived, NotApplicable, Error}
	heads := []string{"pass", "fail", "warning", "waived", "n/a", "error", "total"}
	byInterface := r.CountsByInterface()
	names := r.Interfaces()
	width := len("interface")
	for _, name := range names {
		width = max(width, len(interfaceLabel(name)))
	}
	fmt.Fprintf(w, "%-*s", width, "interface")
	for _, h := range heads {
		fmt.Fprintf(w, "  %7s", h)
	}
	fmt.Fprintln(w)
	row := func(name string, c Counts) {
		fmt.Fprintf(w, "%-*s", width, name)
		for _, v := range order {
			fmt.Fprintf(w, "  %7d", c[v])
		}
		fmt.Fprintf(w, "  %7d\n", c.Total())
	}
	for _, name := range names {
		row(interfaceLabel(name), byInterface[name])
	}
	row("all", r.Counts())
}

func writeSummaryEntry(w io.Writer, s *Scenario) {
	fmt.Fprintf(w, "\n%-5s %s (%s; %s)\n", strings.ToUpper(string(s.Verdict)), ruleLabel(s.Rule.ID), levelLabel(s.Rule.Level), sourcesLabel(s.Rule.Sources))
	fmt.Fprintf(w, "      %s\n", s.Name)
	if line := firstLine(s.Message); line != "" {
		fmt.Fprintf(w, "      %s\n", line)
	}
	if s.Waiver != nil && s.Waiver.Expired {
		fmt.Fprintf(w, "      waiver expired on %s (%s, signed by %s)\n", s.Waiver.Expires, s.Waiver.Reason, s.Waiver.By)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
