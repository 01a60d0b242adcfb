package main

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/toets/toets/internal/bench"
)

func benchCommand() *cobra.Command {
	var runs, concurrency int
	var jsonPath string
	var matrixSeconds float64
	cmd := &cobra.Command{
		Use:    "bench",
		Short:  "Run the whole suite against the reference server several times and print medians (make bench)",
		Args:   cobra.NoArgs,
		Hidden: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := bench.Run(context.Background(), runs, concurrency, os.Stderr)
			if err != nil {
				return fail(2, "%v", err)
			}
			f.MatrixSeconds = matrixSeconds
			if err := f.Write(os.Stdout, jsonPath); err != nil {
				return fail(2, "%v", err)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&runs, "runs", 3, "how many runs the medians are taken over")
	cmd.Flags().IntVar(&concurrency, "concurrency", 1, "scenarios run at once")
	cmd.Flags().StringVar(&jsonPath, "json", "bench.json", "where the figures are written as JSON")
	cmd.Flags().Float64Var(&matrixSeconds, "matrix-seconds", 0, "wall time of the fault matrix, measured by make bench")
	return cmd
}
