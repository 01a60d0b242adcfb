package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/preflight"
	"github.com/toets/toets/internal/target"
)

type checkFlags struct {
	target, browser string
	noLogin         bool
	requestTimeout  time.Duration
}

func checkCommand() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check a target file against its server in seconds, before any rule runs (exit 2 on a configuration problem)",
		Long: `check is the preflight: it confirms that the target is reachable, its TLS
certificate verifies, its metadata and JWKS parse and the issuer matches,
every client authenticates at the token endpoint, every redirect URI is
accepted by the authorization endpoint, and every test user can log in with
the login script. Every problem is listed with its fix, all in one run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.target == "" {
				return fail(2, "--target is required")
			}
			tgt, err := loadTarget(f.target)
			if err != nil {
				return err
			}
			b := newBrowser(f.browser, tgt)
			defer b.Close()
			return preflightOrFail(context.Background(), tgt, b, f.noLogin, f.requestTimeout, f.target, true)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", "", "target file (YAML)")
	fl.StringVar(&f.browser, "browser", "", "path of a Chromium binary for the login check (default: chromium on PATH)")
	fl.BoolVar(&f.noLogin, "no-login", false, "leave out the browser login of the test users")
	fl.DurationVar(&f.requestTimeout, "request-timeout", 10*time.Second, "deadline of each HTTP request")
	return cmd
}

// loadTarget reads, validates and resolves a target file; every failure is
// a configuration problem (exit 2).
func loadTarget(path string) (*target.Target, error) {
	file, err := target.Load(path)
	if err != nil {
		return nil, fail(2, "%v", err)
	}
	tgt, err := target.Resolve(file, path)
	if err != nil {
		return nil, fail(2, "target file %s: %v", path, err)
	}
	return tgt, nil
}

// preflightOrFail runs the preflight and turns its problems into exit 2.
// verbose also prints what was found right (toets check); a run prints
// only the problems, so its log starts with the rules.
func preflightOrFail(ctx context.Context, tgt *target.Target, b *browser.Browser, skipLogin bool, timeout time.Duration, path string, verbose bool) error {
	r := preflight.Check(ctx, preflight.Options{Target: tgt, Browser: b, SkipLogin: skipLogin, Timeout: timeout})
	if !verbose {
		r.Passed = nil
	}
	if r.OK() && !verbose {
		fmt.Fprintf(stdout, "preflight: no configuration problem found (%.1fs)\n", r.Duration.Seconds())
		return nil
	}
	out := stdout
	if !r.OK() {
		out = os.Stderr
	}
	r.Write(out, path)
	if !r.OK() {
		return fail(2, "the preflight found %d configuration %s; no rule was run", len(r.Problems), pluralWord(len(r.Problems), "problem", "problems"))
	}
	return nil
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
