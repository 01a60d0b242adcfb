package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/toets/toets/internal/baseline"
	"github.com/toets/toets/internal/bounded"
	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/rules"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/internal/waivers"
	"github.com/toets/toets/reports"
)

// runExtras are the run options for real servers in CI: the preflight,
// waivers, a baseline, the exit policy and rerunning what failed.
type runExtras struct {
	waiversFile, baselineDir, failOn, rerunFailed string
	noPreflight, noLoginCheck                     bool

	waivers  []waivers.Waiver
	baseline *baseline.Results
}

func addRunExtraFlags(fl *pflag.FlagSet, e *runExtras) {
	fl.StringVar(&e.waiversFile, "waivers", "", "waivers file (YAML): known failures that do not fail the run until they expire")
	fl.StringVar(&e.baselineDir, "baseline", "", "report folder of an earlier run to compare with (new failures, fixed, changed)")
	fl.StringVar(&e.failOn, "fail-on", "any", "what makes exit code 1: 'any' failed MUST rule, or only 'regressions' (new failures against --baseline)")
	fl.StringVar(&e.rerunFailed, "rerun-failed", "", "report folder of an earlier run: run only the rules that failed or errored there")
	fl.BoolVar(&e.noPreflight, "no-preflight", false, "skip the preflight check of the target file (not recommended)")
	fl.BoolVar(&e.noLoginCheck, "no-login-check", false, "leave the browser login out of the preflight")
}

// prepare reads the files the options name, before anything runs, so a
// wrong waivers file or baseline is reported in a second, not after the
// run. It narrows tags for --rerun-failed.
func (e *runExtras) prepare(tags *string) error {
	switch e.failOn {
	case "any":
	case "regressions":
		if e.baselineDir == "" {
			return fail(2, "--fail-on regressions needs --baseline DIR")
		}
	default:
		return fail(2, "--fail-on %q: use any or regressions", e.failOn)
	}
	if e.waiversFile != "" {
		ws, err := waivers.Load(e.waiversFile)
		if err != nil {
			return fail(2, "%v", err)
		}
		e.waivers = ws
	}
	if e.baselineDir != "" {
		b, err := baseline.Load(e.baselineDir)
		if err != nil {
			return fail(2, "--baseline: %v", err)
		}
		e.baseline = b
	}
	if e.rerunFailed != "" {
		last, err := baseline.Load(e.rerunFailed)
		if err != nil {
			return fail(2, "--rerun-failed: %v", err)
		}
		expr := RerunTags(last)
		if expr == "" {
			return fail(0, "nothing failed in %s: nothing to rerun", e.rerunFailed)
		}
		fmt.Fprintf(stdout, "Rerunning the rules that failed in %s: %s\n", e.rerunFailed, expr)
		*tags = CombineTags(*tags, expr)
	}
	return nil
}

// RerunTags is a godog tag expression selecting the rules that failed or
// errored in a run. godog selects by tag, not by scenario name, so a rerun
// runs every scenario of those rules (all rows of an outline, say): a
// superset of what failed, never less.
func RerunTags(r *baseline.Results) string {
	var ids []string
	seen := map[string]bool{}
	for _, s := range r.Scenarios {
		if (s.Verdict == reports.Fail || s.Verdict == reports.Error) && s.RuleID != "" && !seen[s.RuleID] {
			seen[s.RuleID] = true
			ids = append(ids, "@rule:"+s.RuleID)
		}
	}
	// A comma is godog's "or" inside one "&&" group.
	return strings.Join(ids, ",")
}

// CombineTags adds an "or" group to a user's tag expression.
func CombineTags(user, group string) string {
	if strings.TrimSpace(user) == "" {
		return group
	}
	return user + " && " + group
}

// preflight runs the checks of `toets check` unless switched off.
// An interrupt during the preflight ends the run with the signal's exit
// code, not with the problems the cut-short checks would report.
func (e *runExtras) preflight(ctx context.Context, received func() os.Signal, tgt *target.Target, b *browser.Browser, timeout time.Duration, path string) error {
	if e.noPreflight {
		fmt.Fprintln(stdout, "preflight: skipped (--no-preflight)")
		return nil
	}
	err := preflightOrFail(ctx, tgt, b, e.noLoginCheck, timeout, path, false)
	switch received() {
	case syscall.SIGINT:
		return fail(130, "interrupted during the preflight; no rule was run")
	case syscall.SIGTERM:
		return fail(143, "terminated during the preflight; no rule was run")
	}
	return err
}

// finish completes the redacted model: the manifest, the catalog for the
// requirements matrix, the waivers and the comparison with the baseline.
func (e *runExtras) finish(run *reports.Run, fsys fs.FS, targetPath, tags string) error {
	m, err := manifest(run, fsys, targetPath, tags)
	if err != nil {
		return fail(2, "making the manifest: %v", err)
	}
	run.Manifest = m
	if entries, err := rules.Catalog(fsys); err == nil {
		run.Catalog = catalogRules(entries)
	}
	if len(e.waivers) > 0 {
		waived, expired := waivers.Apply(run, e.waivers, time.Now())
		run.Notices = append(run.Notices, fmt.Sprintf("waivers from %s: %d scenarios waived, %d waivers expired", e.waiversFile, waived, expired))
		for _, w := range waivers.Unused(run, e.waivers) {
			run.Notices = append(run.Notices, fmt.Sprintf("waiver for %s (expires %s) matched no scenario of this run", w.Label(), w.Expires))
		}
	}
	if e.baseline != nil {
		run.Comparison = baseline.Compare(e.baseline, baseline.FromRun(run, ""))
	}
	return nil
}

// exitCode applies --fail-on: with "regressions", only new failures
// against the baseline fail the run. Errors (exit 2) always count: a rule
// that could not be judged is never a pass.
func (e *runExtras) exitCode(run *reports.Run) int {
	code := run.ExitCode()
	if e.failOn != "regressions" || code != 1 {
		return code
	}
	if run.Comparison != nil && run.Comparison.Regressions() > 0 {
		return 1
	}
	return 0
}

func manifest(run *reports.Run, fsys fs.FS, targetPath, tags string) (*reports.Manifest, error) {
	sum, n, err := reports.HashFeatures(fsys)
	if err != nil {
		return nil, err
	}
	m := &reports.Manifest{ToolVersion: version(), Commit: commit(), FeaturesSHA256: sum, FeatureFiles: n,
		Started: run.Started, Finished: run.Finished, Profile: run.Target.Profile, Tags: tags}
	if targetPath != "" {
		b, err := bounded.ReadFile(targetPath, bounded.TargetFile, "target file")
		if err != nil {
			return nil, err
		}
		m.TargetFileSHA256 = reports.HashBytes(b)
	}
	return m, nil
}

// catalogRules groups the catalog's scenarios by rule id, in file order.
func catalogRules(entries []rules.Entry) []reports.CatalogRule {
	var out []reports.CatalogRule
	index := map[string]int{}
	for _, e := range entries {
		i, ok := index[e.Rule.ID]
		if !ok {
			i = len(out)
			index[e.Rule.ID] = i
			out = append(out, reports.CatalogRule{ID: e.Rule.ID, Level: e.Rule.Level, Interface: e.Rule.Interface, Sources: e.Rule.Sources, Profiles: e.Rule.Profiles})
		}
		if n := len(out[i].Scenarios); n == 0 || out[i].Scenarios[n-1] != e.Name {
			out[i].Scenarios = append(out[i].Scenarios, e.Name)
		}
	}
	return out
}
