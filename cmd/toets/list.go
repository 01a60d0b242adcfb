package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/toets/toets/internal/rules"
)

func listCommand() *cobra.Command {
	var featuresDir string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the features, their rules, levels, sources and tags",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fsys, err := featuresFS(featuresDir)
			if err != nil {
				return fail(2, "%v", err)
			}
			entries, err := rules.Catalog(fsys)
			if err != nil {
				return fail(2, "reading the features: %v", err)
			}
			fmt.Print(rules.Format(entries))
			if err := rules.Check(entries); err != nil {
				return fail(2, "some scenarios do not name their rule completely:\n%v", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&featuresDir, "features", "", "read the feature files from this folder instead of the embedded ones")
	return cmd
}
