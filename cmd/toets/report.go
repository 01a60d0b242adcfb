package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/toets/toets/internal/baseline"
)

func reportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Work with report folders of earlier runs",
	}
	diff := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two runs (report folders or results.json files): new failures, fixed rules, changed evidence",
		Long: `diff reads the results.json of two runs and lists, rule by rule, the new
failures (regressions), the fixed rules and the scenarios whose verdict or
evidence (the message: error code, status, expected and received) changed.
Exit code 1 when there are new failures, 0 otherwise, 2 when a folder cannot be read.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			old, err := baseline.Load(args[0])
			if err != nil {
				return fail(2, "%v", err)
			}
			now, err := baseline.Load(args[1])
			if err != nil {
				return fail(2, "%v", err)
			}
			c := baseline.Compare(old, now)
			if err := c.WriteText(os.Stdout); err != nil {
				return fail(2, "%v", err)
			}
			if c.Regressions() > 0 {
				return fail(1, "%d new %s against %s", c.Regressions(), pluralWord(c.Regressions(), "failure", "failures"), args[0])
			}
			return nil
		},
	}
	cmd.AddCommand(diff)
	return cmd
}
