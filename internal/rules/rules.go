// Package rules reads what a scenario proves from its tags. The tag grammar:
//
//	@rule:<id>          exactly one; the id the reference server's fault table uses
//	@must | @should     exactly one; the level (RFC 2119)
//	@authorization | @token | @resource | @metadata | @keys | @tls   exactly one; the interface
//	@profile:<name>     one or more; the profiles the rule belongs to (any = every profile)
//	@rfc…, @medmij-…, @oidc-…, @seed-…, @idporten-…, @acm-…   one or more; the sources
//	@browser            the scenario needs the browser
//	@clock              the scenario moves the target's clock (test_control); it runs alone
package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/toets/toets/reports"
)

// Interfaces are the interface tags.
var Interfaces = []string{"authorization", "token", "resource", "metadata", "keys", "tls"}

var sourcePrefixes = []string{"rfc", "medmij-", "oidc-", "seed-", "idporten-", "acm-", "ncsc-", "cabf-"}

// AnyProfile is the profile tag value for rules of every profile.
const AnyProfile = "any"

// FromTags reads the rule from a scenario's tags (with or without the
// leading @). Every problem is reported, so a feature author sees them all.
func FromTags(tags []string) (reports.Rule, []error) {
	var r reports.Rule
	var errs []error
	var levels, ifaces, ids []string
	for _, t := range tags {
		t = strings.TrimPrefix(t, "@")
		switch {
		case strings.HasPrefix(t, "rule:"):
			ids = append(ids, strings.TrimPrefix(t, "rule:"))
		case strings.HasPrefix(t, "profile:"):
			r.Profiles = append(r.Profiles, strings.TrimPrefix(t, "profile:"))
		case t == "must" || t == "should":
			levels = append(levels, t)
		case slices.Contains(Interfaces, t):
			ifaces = append(ifaces, t)
		case isSource(t):
			r.Sources = append(r.Sources, t)
		}
	}
	one := func(what string, vals []string) string {
		if len(vals) != 1 {
			errs = append(errs, fmt.Errorf("needs exactly one %s tag, has %d (%v)", what, len(vals), vals))
			if len(vals) == 0 {
				return ""
			}
		}
		return vals[0]
	}
	r.ID = one("@rule:<id>", ids)
	r.Level = one("@must/@should", levels)
	r.Interface = one("interface", ifaces)
	if len(r.Sources) == 0 {
		errs = append(errs, fmt.Errorf("needs at least one source tag (%s…)", strings.Join(sourcePrefixes, "…, ")))
	}
	if len(r.Profiles) == 0 {
		errs = append(errs, fmt.Errorf("needs at least one @profile:<name> tag"))
	}
	return r, errs
}

func isSource(t string) bool {
	for _, p := range sourcePrefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// Applies reports whether a rule belongs to a profile.
func Applies(r reports.Rule, profile string) bool {
	return slices.Contains(r.Profiles, AnyProfile) || slices.Contains(r.Profiles, profile)
}

// Decide is the one place that turns a scenario's outcome into a verdict.
// notApplicable and harnessErr come from the steps' errors (package
// outcome); failed is any other failed step.
func Decide(level string, notApplicable, harnessErr, failed bool) reports.Verdict {
	switch {
	case notApplicable:
		return reports.NotApplicable
	case harnessErr:
		return reports.Error
	case failed && level == "should":
		return reports.Warning
	case failed:
		return reports.Fail
	}
	return reports.Pass
}
