// Package runner runs the feature files against a target with godog and
// builds the run model from what the scenarios did. It is the only place
// where godog's outcomes become toets verdicts (through rules.Decide).
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/redact"
	"github.com/toets/toets/internal/rules"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
	"github.com/toets/toets/steps"
)

// Config is one run.
type Config struct {
	Target *target.Target
	// Features is the folder of feature files (embedded or on disk).
	Features fs.FS
	// Tags is a godog tag expression selecting scenarios; empty runs all.
	Tags        string
	Concurrency int
	// Browser is shared by the run's scenarios; nil when none was found,
	// with BrowserErr saying why.
	Browser    *browser.Browser
	BrowserErr error
	// Redactor collects the run's secrets; a new one is made when nil.
	Redactor *redact.Redactor
	// Progress gets one line per finished scenario; nil is silent.
	Progress io.Writer
	// RequestTimeout and ScenarioTimeout bound a request and a scenario.
	RequestTimeout  time.Duration
	ScenarioTimeout time.Duration
	// Version is toets's version, for the report.
	Version string
}

// ErrConfiguration wraps problems found before any scenario ran.
var ErrConfiguration = errors.New("configuration problem")

// Run runs the suite. The model it returns is not yet redacted; use
// Redactor to redact it. An error means no scenario could run (the target
// could not be reached or the target file is wrong).
func Run(ctx context.Context, cfg Config) (*reports.Run, *redact.Redactor, error) {
	if cfg.Redactor == nil {
		cfg.Redactor = redact.New()
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.ScenarioTimeout == 0 {
		cfg.ScenarioTimeout = 60 * time.Second
	}
	t := cfg.Target
	for _, s := range t.Secrets {
		cfg.Redactor.Add("secret", s)
	}
	transport := record.NewTransport(record.Options{
		TLS:          t.TLS,
		AllowedHosts: t.AllowedHosts(),
		Issuer:       t.IssuerURL(),
		Timeout:      cfg.RequestTimeout,
		Secret:       cfg.Redactor.Add,
	})
	defer transport.Close()

	run := &reports.Run{
		Tool:    "toets",
		Version: cfg.Version,
		Started: time.Now(),
		Target:  reports.Target{Name: t.File.Name, Profile: t.File.Profile, Issuer: t.File.Issuer, File: t.Path},
		Tags:    cfg.Tags,
		Notices: append(append([]string(nil), t.Notices...), shortSecretNotices(t)...),
	}
	if err := discover(ctx, t, transport); err != nil {
		return run, cfg.Redactor, fmt.Errorf("%w: %w", ErrConfiguration, err)
	}

	env := &steps.Env{Target: t, Transport: transport, Browser: cfg.Browser, BrowserErr: cfg.BrowserErr, Redactor: cfg.Redactor}
	c := &collector{cfg: cfg, env: env, docs: newDocs(), runCtx: ctx}
	opts := godog.Options{
		Format:         registerFormatter(c.docs),
		Output:         io.Discard,
		Paths:          []string{"."},
		FS:             cfg.Features,
		Tags:           cfg.Tags,
		Concurrency:    cfg.Concurrency,
		Strict:         true,
		NoColors:       true,
		DefaultContext: ctx,
	}
	status := godog.TestSuite{Name: "toets", ScenarioInitializer: c.initScenario, Options: &opts}.Run()
	run.Finished = time.Now()
	run.Interrupted = ctx.Err() != nil
	run.Scenarios = c.sorted()
	if status == 2 && len(run.Scenarios) == 0 {
		return run, cfg.Redactor, fmt.Errorf("godog could not run the features (bad tag expression or feature file?)")
	}
	return run, cfg.Redactor, nil
}

// shortSecretNotices names the target file's secrets that are too short to
// be redacted in free text: the report says where they may still show.
func shortSecretNotices(t *target.Target) []string {
	var out []string
	add := func(name, value string) {
		if n := redact.ShortNotice(name, value); n != "" {
			out = append(out, n)
		}
	}
	for i, c := range t.Clients {
		add(fmt.Sprintf("clients[%d].secret", i), c.SecretValue)
	}
	add("test_control.token", t.TestControlToken)
	for i, u := range t.Users {
		add(fmt.Sprintf("users[%d].password", i), u.PasswordValue)
	}
	return out
}

// discover fetches the metadata and completes the target's endpoints.
// A target whose file names the authorization and token endpoints itself
// can do without metadata (not every server publishes RFC 8414 metadata);
// the metadata rules then find none and say so.
//
// Only an unreachable issuer without endpoints in the file, or metadata
// that points at hosts the file does not name, stops the run here. A
// server that answers with broken metadata has made a mistake the metadata
// rules judge: the run goes on with the file's endpoints, the broken
// document is kept as Target.MetadataProblem, and a rule that needs an
// endpoint neither gives ends in an error naming the key that would
// (Target.EndpointUnknown).
func discover(ctx context.Context, t *target.Target, tr *record.Transport) error {
	endpointsGiven := t.Endpoints.Authorization != "" && t.Endpoints.Token != ""
	req, err := http.NewRequest(http.MethodGet, t.MetadataURL(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := tr.Client(&record.Log{}).Do(ctx, req)
	switch {
	case err != nil && !endpointsGiven:
		return fmt.Errorf("fetching the metadata at %s: %w", t.MetadataURL(), err)
	case err != nil:
		t.MetadataProblem = fmt.Sprintf("gave no response (%v)", err)
		return nil
	case resp.Status == http.StatusNotFound && t.DeclaresNoMetadata():
		return nil
	case resp.Status != http.StatusOK:
		t.MetadataProblem = fmt.Sprintf("answered HTTP %d, not 200", resp.Status)
		return nil
	}
	if err := t.Discover(resp.Body); errors.Is(err, target.ErrForeignHost) {
		return err
	}
	return nil
}

// collector builds the model from godog's hooks.
type collector struct {
	cfg    Config
	env    *steps.Env
	docs   *docs
	runCtx context.Context

	mu        sync.Mutex
	scenarios []*reports.Scenario
	// clock keeps a scenario that moves the target's clock (@clock) from
	// running beside any other: the clock is the whole server's.
	clock sync.RWMutex
}

type recKey struct{}

// scenarioRec is the model of a running scenario, with what the hooks need.
type scenarioRec struct {
	model   *reports.Scenario
	pickle  *godog.Scenario
	world   *steps.World
	cancel  context.CancelFunc
	stepIdx map[string]int
	errs    []error
	skip    bool
	// unlock releases the scenario's hold on collector.clock.
	unlock func()
}

func (c *collector) initScenario(sc *godog.ScenarioContext) {
	sc.Before(c.before)
	sc.StepContext().Before(c.beforeStep)
	sc.StepContext().After(c.afterStep)
	steps.Register(sc)
	// Last, so that the steps' own after-hooks (moving a clock back) have
	// run before the scenario is recorded and its clock hold released.
	sc.After(c.after)
}

func (c *collector) before(ctx context.Context, sc *godog.Scenario) (context.Context, error) {
	var tags []string
	for _, t := range sc.Tags {
		tags = append(tags, t.Name)
	}
	rule, tagErrs := rules.FromTags(tags)
	rule.Quote = c.docs.quote(sc.AstNodeIds)
	rec := &scenarioRec{
		pickle:  sc,
		stepIdx: map[string]int{},
		model: &reports.Scenario{
			ID: sc.Id, FeatureURI: sc.Uri, Feature: c.docs.featureName(sc.Uri), Name: sc.Name,
			Tags: tags, Rule: rule, Started: time.Now(), Line: c.docs.lookup(sc.AstNodeIds).line,
		},
	}
	for i, st := range sc.Steps {
		rec.stepIdx[st.Id] = i
		n := c.docs.lookup(st.AstNodeIds)
		rec.model.Steps = append(rec.model.Steps, reports.Step{Keyword: strings.TrimSpace(n.keyword), Text: st.Text, Line: n.line, Status: reports.StepSkipped})
	}
	if slices.Contains(tags, "@clock") {
		c.clock.Lock()
		rec.unlock = c.clock.Unlock
	} else {
		c.clock.RLock()
		rec.unlock = c.clock.RUnlock
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.ScenarioTimeout)
	rec.cancel = cancel
	ctx, rec.world = c.env.NewWorld(ctx)
	ctx = context.WithValue(ctx, recKey{}, rec)
	switch {
	case c.runCtx.Err() != nil:
		// Interrupted: the scenario is left out of the model.
		rec.skip = true
		return ctx, godog.ErrSkip
	case len(tagErrs) > 0:
		return ctx, outcome.Harness("the scenario's tags are incomplete: %v", errors.Join(tagErrs...))
	case !rules.Applies(rule, c.cfg.Target.File.Profile):
		return ctx, outcome.NotApplicable("the rule belongs to profile %s; the target's profile is %s", strings.Join(rule.Profiles, ", "), c.cfg.Target.File.Profile)
	case slices.Contains(tags, "@browser") && c.cfg.Target.EndpointUnknown("authorization") != nil:
		// The person's part starts at the authorization endpoint; without
		// it the browser would be sent nowhere and the server blamed.
		return ctx, outcome.WrapHarness(c.cfg.Target.EndpointUnknown("authorization"))
	case slices.Contains(tags, "@browser") && record.RefusePlainHTTP(c.cfg.Target.IssuerURL(), c.cfg.Target.Endpoints.Authorization) != nil:
		// The browser does not send through record's client, and would
		// type the test user's password into a plain http page.
		return ctx, fmt.Errorf("toets did not send the browser: %w", record.RefusePlainHTTP(c.cfg.Target.IssuerURL(), c.cfg.Target.Endpoints.Authorization))
	}
	return ctx, nil
}

func (c *collector) beforeStep(ctx context.Context, st *godog.Step) (context.Context, error) {
	if rec, ok := ctx.Value(recKey{}).(*scenarioRec); ok {
		i := rec.stepIdx[st.Id]
		rec.world.StepStarted(i)
		rec.model.Steps[i].Duration = -time.Duration(time.Now().UnixNano())
	}
	return ctx, nil
}

func (c *collector) afterStep(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
	rec, ok := ctx.Value(recKey{}).(*scenarioRec)
	if !ok {
		return ctx, err
	}
	if failures := steps.StepFailures(ctx); failures != nil && (err == nil || errors.Is(err, godog.ErrSkip)) {
		// Assertions failed without stopping the step: the step failed.
		err, status = failures, godog.StepFailed
	}
	i := rec.stepIdx[st.Id]
	s := &rec.model.Steps[i]
	if s.Duration < 0 {
		s.Duration += time.Duration(time.Now().UnixNano())
	} else {
		s.Duration = 0
	}
	s.Status = stepStatus(status, err)
	if err != nil && !errors.Is(err, godog.ErrSkip) {
		s.Error = cleanMessage(err.Error())
		rec.errs = append(rec.errs, err)
		if s.Status == reports.StepFailed {
			rec.world.Screenshot(ctx, "the page when this step failed")
		}
	}
	return ctx, err
}

func stepStatus(status godog.StepResultStatus, err error) reports.StepStatus {
	switch {
	case errors.Is(err, outcome.ErrNotApplicable):
		return reports.StepNotApplicable
	case status == godog.StepPassed:
		return reports.StepPassed
	case status == godog.StepSkipped:
		return reports.StepSkipped
	case status == godog.StepUndefined:
		return reports.StepUndefined
	case status == godog.StepPending:
		return reports.StepPending
	}
	return reports.StepFailed
}

func (c *collector) after(ctx context.Context, sc *godog.Scenario, err error) (context.Context, error) {
	rec, ok := ctx.Value(recKey{}).(*scenarioRec)
	if !ok {
		return ctx, err
	}
	defer rec.cancel()
	defer rec.unlock()
	if rec.skip {
		rec.world.Close()
		return ctx, err
	}
	if err != nil && !containsErr(rec.errs, err) {
		rec.errs = append(rec.errs, err)
	}
	m := rec.model
	m.Duration = time.Since(m.Started)
	m.Exchanges, m.Shots, m.Notes = rec.world.Evidence()
	m.FailedChecks = rec.world.FailedChecks()
	rec.world.Close()

	var notApplicable, harness, failed bool
	var first error
	if refusal := c.refusal(rec.world.Refused(), rec.errs); refusal != nil {
		// Said first: the step may have dropped the refusal and failed
		// later on the response that never came.
		rec.errs = append([]error{refusal}, rec.errs...)
	}
	for _, e := range rec.errs {
		switch {
		case errors.Is(e, godog.ErrSkip):
			continue
		case errors.Is(e, outcome.ErrNotApplicable):
			notApplicable = true
		case errors.Is(e, outcome.ErrHarness), errors.Is(e, godog.ErrUndefined), errors.Is(e, godog.ErrPending), errors.Is(e, godog.ErrAmbiguous):
			harness = true
		default:
			failed = true
		}
		if first == nil {
			first = e
		}
	}
	if rec.pickle != nil && ctx.Err() == context.DeadlineExceeded && first == nil {
		failed, first = true, fmt.Errorf("the scenario did not finish within %s", c.cfg.ScenarioTimeout)
	}
	m.Verdict = rules.Decide(m.Rule.Level, notApplicable, harness, failed)
	if c.runCtx.Err() != nil && m.Verdict != reports.Pass {
		// Cut short by the interrupt: it did not finish, so it has no
		// verdict; the report says the run was interrupted.
		return ctx, err
	}
	if first != nil {
		m.Message = c.message(m, first)
	}
	c.mu.Lock()
	c.scenarios = append(c.scenarios, m)
	c.mu.Unlock()
	c.progress(m)
	return ctx, err
}

func containsErr(errs []error, err error) bool {
	for _, e := range errs {
		if e == err || e.Error() == err.Error() {
			return true
		}
	}
	return false
}

// message is the scenario's message: what went wrong, in which step, and
// which rule says so.
func (c *collector) message(m *reports.Scenario, err error) string {
	var b strings.Builder
	b.WriteString(cleanMessage(err.Error()))
	for _, s := range m.Steps {
		if s.Error != "" {
			fmt.Fprintf(&b, "\nin step: %s %s", s.Keyword, s.Text)
			break
		}
	}
	fmt.Fprintf(&b, "\nrule: %s (%s; %s)", m.Rule.ID, strings.ToUpper(m.Rule.Level), strings.Join(m.Rule.Sources, ", "))
	return b.String()
}

func (c *collector) progress(m *reports.Scenario) {
	if c.cfg.Progress == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.cfg.Progress, "%-14s %-13s %s (%.2fs)\n", strings.ToUpper(string(m.Verdict)), m.Rule.Interface, m.Name, m.Duration.Seconds())
}

// sorted returns the scenarios in feature-file order, so concurrent runs
// give the same report.
func (c *collector) sorted() []*reports.Scenario {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]*reports.Scenario(nil), c.scenarios...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].FeatureURI != out[j].FeatureURI {
			return out[i].FeatureURI < out[j].FeatureURI
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// cleanMessage removes testify's source locations, which help toets's
// developers but not a vendor, and its label padding.
func cleanMessage(s string) string {
	var out []string
	skipping := false
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "Error Trace:"):
			skipping = true
			continue
		case strings.HasPrefix(t, "Error:"):
			skipping = false
			t = strings.TrimSpace(strings.TrimPrefix(t, "Error:"))
			if t == "Should be true" || t == "Should be false" {
				continue
			}
		case strings.HasPrefix(t, "Messages:"):
			skipping = false
			t = strings.TrimSpace(strings.TrimPrefix(t, "Messages:"))
		case strings.HasPrefix(t, "Test:"):
			continue
		case skipping:
			continue
		}
		if t == "" || t == "checks failed:" {
			continue
		}
		// godog's wrapping of an error from the before-scenario hook says
		// nothing a reader needs.
		t = strings.TrimPrefix(t, "before scenario hook failed: ")
		out = append(out, strings.TrimPrefix(t, "* "))
	}
	return strings.Join(out, "\n")
}
