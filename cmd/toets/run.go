package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

type runFlags struct {
	target, tags, out, features, browser string
	force                                bool
	concurrency                          int
	requestTimeout, scenarioTimeout      time.Duration
	extra                                runExtras
}

func runCommand() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the suite against a target (the embedded reference server when no --target is given)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runSuite(f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", "", "target file (YAML); empty: start the embedded reference server and test it")
	fl.StringVar(&f.tags, "tags", "", "godog tag expression selecting scenarios, e.g. '@token && ~@browser'")
	fl.StringVar(&f.out, "out", "", "report folder (default reports/out/<timestamp>); an existing one must be empty unless --force")
	fl.BoolVar(&f.force, "force", false, "write the reports into an --out folder that already holds files (an earlier run's reports are overwritten)")
	fl.StringVar(&f.features, "features", "", "read the feature files from this folder instead of the embedded ones")
	fl.StringVar(&f.browser, "browser", "", "path of a Chromium binary (default: chromium on PATH; never downloaded)")
	fl.IntVar(&f.concurrency, "concurrency", 1, "scenarios run at once")
	fl.DurationVar(&f.requestTimeout, "request-timeout", 10*time.Second, "deadline of each HTTP request")
	fl.DurationVar(&f.scenarioTimeout, "scenario-timeout", 60*time.Second, "deadline of each scenario")
	addRunExtraFlags(fl, &f.extra)
	return cmd
}

func featuresFS(dir string) (fs.FS, error) {
	if dir == "" {
		return features.FS, nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--features %s is not a folder", dir)
	}
	return os.DirFS(dir), nil
}

func runSuite(f runFlags) (err error) {
	// The report folder first: whatever else is wrong, a run must not
	// find out after its last rule that it cannot save what it found.
	out, err := prepareReportDir(f.out, f.force)
	if err != nil {
		return err
	}
	wrote := false
	defer func() {
		if !wrote {
			out.removeIfEmpty()
		}
	}()
	fsys, err := featuresFS(f.features)
	if err != nil {
		return fail(2, "%v", err)
	}
	if err := f.extra.prepare(&f.tags); err != nil {
		return err
	}
	// The signals are caught before anything is started that a signal
	// must not leave behind (the reference server's secrets, Chromium).
	var quit closers
	ctx, received, stop := interruptible(quit.run)
	defer stop()
	targetPath := f.target
	if targetPath == "" {
		in, err := embedded.Start("", nil)
		if err != nil {
			return fail(2, "starting the reference server: %v", err)
		}
		defer in.Close()
		quit.add(in.Close)
		targetPath = in.TargetPath
		fmt.Fprintf(stdout, "No --target given: testing the embedded reference server at %s\n", in.Server.Description().Issuer)
	}
	file, err := target.Load(targetPath)
	if err != nil {
		return fail(2, "%v", err)
	}
	tgt, err := target.Resolve(file, targetPath)
	if err != nil {
		return fail(2, "target file %s: %v", targetPath, err)
	}
	b := newBrowser(f.browser, tgt)
	defer b.Close()
	quit.add(func() { b.Close() })
	if err := f.extra.preflight(ctx, received, tgt, b, f.requestTimeout, targetPath); err != nil {
		return err
	}

	run, redactor, err := runner.Run(ctx, runner.Config{
		Target: tgt, Features: fsys, Tags: f.tags, Concurrency: f.concurrency, Browser: b,
		Progress: stdout, RequestTimeout: f.requestTimeout, ScenarioTimeout: f.scenarioTimeout, Version: version(),
	})
	// One look at the signal decides the exit code and what every report
	// says about it; a signal after this point changes neither.
	sig := received()
	if err != nil && sig != nil {
		// Stopped before the first scenario: still write the (empty,
		// interrupted) reports, as a stop later in the run would.
		run.Interrupted, err = true, nil
	}
	if err != nil && errors.Is(err, runner.ErrConfiguration) {
		return fail(2, "%s", redactor.String(err.Error()))
	}
	if err != nil {
		return fail(2, "%v", err)
	}
	b.Close()
	redacted := run.Redacted(redactor.String)
	if err := f.extra.finish(redacted, fsys, targetPath, f.tags); err != nil {
		return err
	}
	code := f.extra.exitCode(redacted)
	switch sig {
	case syscall.SIGINT:
		code = 130
	case syscall.SIGTERM:
		code = 143
	}
	redacted.Interrupted = redacted.Interrupted || sig != nil
	redacted.Exit, redacted.ExitDecided = code, true
	wrote = true
	if _, err := reports.WriteAll(out.path, redacted); err != nil {
		return fail(2, "writing the reports: %v", err)
	}
	fmt.Fprintln(stdout)
	// The console drops what a closed stdout cannot take; the files are
	// written, so a failed summary is no reason to change the exit code.
	_ = reports.WriteSummary(stdout, redacted, out.path)
	switch {
	case sig == syscall.SIGINT:
		return fail(code, "interrupted; the reports hold what finished")
	case sig == syscall.SIGTERM:
		return fail(code, "terminated; the reports hold what finished")
	case code != 0:
		return &exitError{code: code, err: errors.New("")}
	}
	return nil
}

// closers are what a second signal closes before it exits at once, past
// every defer: the browser, and the reference server with its secrets.
type closers struct {
	mu sync.Mutex
	fs []func()
}

func (c *closers) add(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fs = append(c.fs, f)
}

// run closes the last added first, as defers do.
func (c *closers) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.fs) - 1; i >= 0; i-- {
		c.fs[i]()
	}
}

// interruptible returns a context cancelled by the first SIGINT or SIGTERM,
// so the run stops and writes its reports; a second signal runs onQuit and
// exits at once. received tells which signal came, if any.
func interruptible(onQuit func()) (ctx context.Context, received func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got os.Signal
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		s, ok := <-ch
		if !ok {
			return
		}
		mu.Lock()
		got = s
		mu.Unlock()
		fmt.Fprintln(os.Stderr, "\ntoets: stopping; the reports will hold what finished (press Ctrl-C again to quit at once)")
		cancel()
		if _, ok := <-ch; ok {
			onQuit()
			os.Exit(130)
		}
	}()
	received = func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
	return ctx, received, func() { signal.Stop(ch); close(ch); cancel() }
}
