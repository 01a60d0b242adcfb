package main

import (
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/target"
)

func serveReferenceCommand() *cobra.Command {
	var faults []string
	var addr, profile string
	var list bool
	cmd := &cobra.Command{
		Use:   "serve-reference",
		Short: "Serve the reference server in a profile (optionally with faults) and print a target file for it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if list {
				fmt.Print(refserver.FaultTable())
				return nil
			}
			if !slices.Contains(target.Profiles, profile) {
				return fail(2, "--profile %q: the reference server plays %s", profile, strings.Join(target.Profiles, ", "))
			}
			in, err := embedded.StartProfile(addr, profile, faults)
			if err != nil {
				return fail(2, "%v", err)
			}
			defer in.Close()
			d := in.Server.Description()
			fmt.Printf("issuer:      %s\nprofile:     %s\ntarget file: %s\n", d.Issuer, d.Profile, in.TargetPath)
			if len(faults) > 0 {
				fmt.Printf("faults:      %v\n", faults)
			}
			fmt.Printf("\nRun the suite against it:  toets run --target %s\nStop with Ctrl-C.\n", in.TargetPath)
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			<-sig
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&faults, "fault", nil, "start with this fault from the fault table (repeatable)")
	cmd.Flags().StringVar(&profile, "profile", "medmij", "the profile the server plays: "+strings.Join(target.Profiles, ", "))
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "listen address (loopback only)")
	cmd.Flags().BoolVar(&list, "list-faults", false, "print the fault table (name, rule, description) and exit")
	return cmd
}
