package refserver

import (
	"fmt"
	"sort"
	"strings"
)

// Fault is one deliberate violation the reference server can be started
// with. The fault matrix (make test) starts the server with each fault and
// proves that the scenarios tagged @rule:<Rule> fail under it and pass
// without it.
type Fault struct {
	// Name is what --fault takes.
	Name string
	// Rule is the id of the rule it violates: scenarios carry it as the tag
	// @rule:<Rule>.
	Rule string
	// Description says in one line what the server does wrong.
	Description string
}

// Faults is the one table of faults. The code checks each fault at exactly
// one place, through faultSet.on.
var Faults = []Fault{
	// Authorization interface.
	{"state-not-echoed", "authz-code-flow", "the success redirect carries a state other than the one the client sent"},
	// (authorization faults end here)

	// Token interface.
	{"token-access-denied", "token-error-rfc0015", "an invalid code is answered with error=access_denied, the pre-RFC0015 behaviour"},
	{"no-store-missing", "token-success-response", "the token response lacks Cache-Control: no-store"},
	{"code-reusable", "token-code-single-use", "an authorization code can be redeemed more than once"},
	// (token faults end here)

	// Resource interface, introspection, revocation, keys and metadata.
	{"resource-wrong-person", "resource-serves-person", "the resource endpoint serves the data of another person than the token's"},
	// (resource, introspection, revocation, keys and metadata faults end here)
}

// FaultByName finds a fault in the table.
func FaultByName(name string) (Fault, bool) {
	for _, f := range Faults {
		if f.Name == name {
			return f, true
		}
	}
	return Fault{}, false
}

// faultSet is the set of faults a server was started with.
type faultSet map[string]bool

func newFaultSet(names []string) (faultSet, error) {
	s := faultSet{}
	for _, n := range names {
		if _, ok := FaultByName(n); !ok {
			return nil, fmt.Errorf("unknown fault %q (toets serve-reference --list-faults lists them)", n)
		}
		s[n] = true
	}
	return s, nil
}

// on reports whether the named fault is active. It panics on a name that is
// not in the table, so a typo in the server cannot silently disable a fault.
func (s faultSet) on(name string) bool {
	if _, ok := FaultByName(name); !ok {
		panic("refserver: fault not in the table: " + name)
	}
	return s[name]
}

// names lists the active faults, sorted.
func (s faultSet) names() []string {
	var out []string
	for n := range s {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FaultTable renders the table one fault a line: name, rule, description.
func FaultTable() string {
	var b strings.Builder
	for _, f := range Faults {
		fmt.Fprintf(&b, "%-32s %-32s %s\n", f.Name, f.Rule, f.Description)
	}
	return b.String()
}
