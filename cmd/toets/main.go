// Command toets is the conformance harness for OAuth 2.0 authorization and
// resource servers, MedMij first. It parses flags and wires the parts; the
// work is done in the internal packages.
//
// Exit codes: 0 every MUST rule passed; 1 a rule failed; 2 the configuration
// or the harness failed; 130/143 interrupted by SIGINT/SIGTERM.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/toets/toets/internal/owneddir"
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func fail(code int, format string, a ...any) error {
	return &exitError{code: code, err: fmt.Errorf(format, a...)}
}

func main() {
	// Without this, a write to a closed stdout (`toets run | head -1`)
	// kills the process with SIGPIPE before a single report is written.
	// Ignored, the write fails with EPIPE, which the console drops
	// (outdir.go), and the run goes on.
	signal.Ignore(syscall.SIGPIPE)
	// A toets that was killed left its temporary folders (the reference
	// server's secrets, a Chromium profile); the marker inside tells its
	// own from anyone else's.
	owneddir.RemoveStale("toets-")
	root := &cobra.Command{
		Use:           "toets",
		Short:         "Conformance tests for OAuth 2.0 authorization and resource servers (MedMij first)",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.AddCommand(runCommand(), checkCommand(), serveReferenceCommand(), listCommand(), reportCommand(), benchCommand())
	err := root.Execute()
	if err == nil {
		return
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err.Error() != "" {
			fmt.Fprintln(os.Stderr, "toets:", ee.err)
		}
		os.Exit(ee.code)
	}
	// Anything cobra itself refused (an unknown flag or command) is a
	// usage problem: one line, exit 2.
	fmt.Fprintln(os.Stderr, "toets:", err)
	os.Exit(2)
}
