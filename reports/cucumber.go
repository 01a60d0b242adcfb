package reports

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteCucumberJSON writes the run in the Cucumber JSON format that godog's
// "cucumber" formatter and most Cucumber report tools use, so that existing
// dashboards can show toets runs. Give it a redacted run (Run.Redacted).
//
// Screenshots become image/png embeddings and each HTTP exchange a text/plain
// transcript, both on the step that produced them. Cucumber has no verdicts,
// only step results, so each scenario's description states its rule and
// verdict, and the step results are made to agree with the verdict where
// they would not: a failed step of a warning is reported as passed with the
// warning as its message (as in JUnit, a SHOULD never fails CI), and a
// scenario that failed or errored without a failed step (say, in a hook)
// gets a failed after hook, so that no Cucumber tool shows it as passed.
func WriteCucumberJSON(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: WriteCucumberJSON: no run")
	}
	features := []cukeFeature{}
	for _, g := range byFeature(r.Scenarios) {
		features = append(features, newCukeFeature(g))
	}
	if r.Interrupted {
		features = append(features, interruptedFeature(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(features); err != nil {
		return fmt.Errorf("reports: writing Cucumber JSON: %w", err)
	}
	return nil
}

// interruptedFeature stands for the rules an interrupted run did not reach:
// Cucumber JSON is a bare list of features, with no place for a run's exit
// code, so a failed scenario says it, and no Cucumber tool shows an
// interrupted run as passed.
func interruptedFeature(r *Run) cukeFeature {
	msg := fmt.Sprintf("the run was interrupted (exit %d): the rules after the interruption did not run, so this run is no verdict on the target", r.ExitCode())
	return cukeFeature{URI: "toets", ID: "toets-run", Keyword: "Feature", Name: "toets run", Elements: []cukeElement{{
		ID: "toets-run;interrupted", Keyword: "Scenario", Name: "The run finished", Type: "scenario",
		Tags:  []cukeTag{{Name: "@interrupted"}},
		Steps: []cukeStep{{Keyword: "Then ", Name: "every selected rule ran", Result: cukeResult{Status: "failed", Error: msg}}},
	}}}
}

type cukeFeature struct {
	URI         string        `json:"uri"`
	ID          string        `json:"id"`
	Keyword     string        `json:"keyword"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Line        int           `json:"line"`
	Elements    []cukeElement `json:"elements"`
}

type cukeElement struct {
	ID          string     `json:"id"`
	Keyword     string     `json:"keyword"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Line        int        `json:"line"`
	Type        string     `json:"type"`
	Tags        []cukeTag  `json:"tags"`
	Steps       []cukeStep `json:"steps"`
	After       []cukeHook `json:"after,omitempty"`
}

type cukeTag struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

type cukeStep struct {
	Keyword    string          `json:"keyword"`
	Name       string          `json:"name"`
	Line       int             `json:"line"`
	Match      cukeMatch       `json:"match"`
	Result     cukeResult      `json:"result"`
	Embeddings []cukeEmbedding `json:"embeddings,omitempty"`
}

type cukeHook struct {
	Match      cukeMatch       `json:"match"`
	Result     cukeResult      `json:"result"`
	Embeddings []cukeEmbedding `json:"embeddings,omitempty"`
}

// cukeMatch is required by some consumers even when empty.
type cukeMatch struct {
	Location string `json:"location"`
}

type cukeResult struct {
	Status   string `json:"status"`
	Duration int64  `json:"duration"` // nanoseconds, as Cucumber defines it
	Error    string `json:"error_message,omitempty"`
}

type cukeEmbedding struct {
	MimeType string `json:"mime_type"`
	Data     string `json:"data"` // base64, also for text, as Cucumber defines it
	Name     string `json:"name,omitempty"`
}

func newCukeFeature(g *featureGroup) cukeFeature {
	f := cukeFeature{
		URI:     g.uri,
		ID:      cukeID(g.name),
		Keyword: "Feature",
		Name:    g.name,
		// The model does not keep the feature's line; a Feature keyword is
		// on the first line of every feature file toets ships.
		Line:     1,
		Elements: []cukeElement{},
	}
	used := map[string]int{}
	for _, s := range g.scenarios {
		e := newCukeElement(s)
		e.ID = f.ID + ";" + cukeID(s.Name)
		// Outline rows share a name; ids must stay unique.
		if used[e.ID]++; used[e.ID] > 1 {
			e.ID = fmt.Sprintf("%s;;%d", e.ID, used[e.ID])
		}
		f.Elements = append(f.Elements, e)
	}
	return f
}

func newCukeElement(s *Scenario) cukeElement {
	e := cukeElement{
		Keyword:     "Scenario",
		Name:        s.Name,
		Description: cukeDescription(s),
		Line:        s.Line,
		Type:        "scenario",
		Tags:        []cukeTag{},
		Steps:       []cukeStep{},
	}
	// The model keeps tags, not their lines; in toets's feature files they
	// sit on the line above the scenario.
	tagLine := max(s.Line-1, 1)
	for _, t := range s.Tags {
		e.Tags = append(e.Tags, cukeTag{Name: cukeTagName(t), Line: tagLine})
	}

	failedStep := false
	for _, st := range s.Steps {
		result := cukeResult{Status: cukeStatus(st.Status), Duration: int64(st.Duration), Error: st.Error}
		if s.Verdict == Warning && st.Status == StepFailed {
			// A SHOULD that is not met must not turn a Cucumber dashboard
			// red when JUnit and the exit code call the run green. The
			// step's own status stays in the HTML report and results.json.
			result.Status = "passed"
			result.Error = "WARNING (SHOULD not met): " + st.Error
		}
		if s.Verdict == Waived && st.Status == StepFailed {
			// A waived failure is a known issue that does not fail the run;
			// like JUnit, Cucumber shows it as skipped, with the waiver.
			result.Status = "skipped"
			result.Error = waivedMessage(s) + ": " + st.Error
		}
		e.Steps = append(e.Steps, cukeStep{
			Keyword: cukeKeyword(st.Keyword),
			Name:    st.Text,
			Line:    st.Line,
			Result:  result,
		})
		failedStep = failedStep || st.Status == StepFailed
	}

	// Evidence that names no recorded step still belongs in the file; it
	// goes to the after hook rather than being dropped.
	var orphans []cukeEmbedding
	attach := func(step int, emb cukeEmbedding) {
		if step >= 0 && step < len(e.Steps) {
			e.Steps[step].Embeddings = append(e.Steps[step].Embeddings, emb)
		} else {
			orphans = append(orphans, emb)
		}
	}
	for i, ex := range s.Exchanges {
		attach(ex.Step, cukeEmbedding{
			MimeType: "text/plain",
			Data:     base64.StdEncoding.EncodeToString([]byte(transcript(s, ex))),
			Name:     fmt.Sprintf("HTTP exchange %d: %s", i+1, exchangeHeadline(ex)),
		})
	}
	for _, sh := range s.Shots {
		attach(sh.Step, cukeEmbedding{
			MimeType: "image/png",
			Data:     base64.StdEncoding.EncodeToString(sh.PNG),
			Name:     sh.Caption,
		})
	}

	needsFailure := (s.Verdict == Fail || s.Verdict == Error) && !failedStep
	if needsFailure || len(orphans) > 0 {
		hook := cukeHook{Result: cukeResult{Status: "passed"}, Embeddings: orphans}
		if needsFailure {
			hook.Result.Status = "failed"
			hook.Result.Error = fmt.Sprintf("%s: %s", verdictLabel(s.Verdict), s.Message)
		}
		e.After = []cukeHook{hook}
	}
	return e
}

// cukeDescription puts the verdict and the rule where every Cucumber viewer
// shows them, because step results alone cannot say "warning" or "not
// applicable".
func cukeDescription(s *Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Verdict: %s (%s)\nRule: %s, %s\nSources: %s\nInterface: %s",
		verdictLabel(s.Verdict), verdictMeaning(s.Verdict),
		ruleLabel(s.Rule.ID), levelLabel(s.Rule.Level), sourcesLabel(s.Rule.Sources),
		interfaceLabel(s.Rule.Interface))
	if s.Message != "" {
		b.WriteString("\n\n" + strings.TrimRight(s.Message, "\n"))
	}
	for _, n := range s.Notes {
		b.WriteString("\nNote: " + n)
	}
	return b.String()
}

// cukeStatus maps step statuses to the five Cucumber knows; a step that
// found its rule not applicable was skipped as far as Cucumber is concerned.
func cukeStatus(st StepStatus) string {
	switch st {
	case StepPassed, StepFailed, StepSkipped, StepUndefined, StepPending:
		return string(st)
	case StepNotApplicable:
		return "skipped"
	}
	return "undefined"
}

// cukeKeyword keeps Cucumber's convention of a keyword followed by a space.
func cukeKeyword(k string) string {
	k = strings.TrimSpace(k)
	if k == "" {
		return ""
	}
	return k + " "
}

func cukeTagName(t string) string {
	if strings.HasPrefix(t, "@") {
		return t
	}
	return "@" + t
}

// cukeID builds ids the way godog's cucumber formatter does, so ids stay
// stable when a pipeline switches between the two.
func cukeID(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", "-"))
}
