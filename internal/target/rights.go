package target

import (
	"fmt"
	"net/url"
	"slices"
)

// Right is one data service of the target: the scope that opens it and the
// URL of a resource behind it. What a client may see is the rights it holds
// intersected with the person's (seed 000): clients[].rights and
// users[].rights name the rights by Name.
type Right struct {
	Name  string `yaml:"name"`
	Scope string `yaml:"scope"`
	URL   string `yaml:"url"`
}

// validateRights checks that every right is complete and every name a
// client or user holds is one of them.
func (f *File) validateRights() []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	var names []string
	for i, r := range f.Rights {
		if r.Name == "" || r.Scope == "" {
			bad("rights[%d]: name and scope are required", i)
		}
		if p, err := url.Parse(r.URL); err != nil || p.Host == "" || (p.Scheme != "https" && p.Scheme != "http") {
			bad("rights[%d].url %q is not an absolute http(s) URL", i, r.URL)
		}
		if slices.Contains(names, r.Name) {
			bad("rights[%d]: the name %q is used twice", i, r.Name)
		}
		names = append(names, r.Name)
	}
	check := func(where string, held []string) {
		for _, h := range held {
			if !slices.Contains(names, h) {
				bad("%s.rights: %q is not the name of one of rights[]", where, h)
			}
		}
	}
	for i, c := range f.Clients {
		check(fmt.Sprintf("clients[%d]", i), c.Rights)
	}
	for i, u := range f.Users {
		check(fmt.Sprintf("users[%d]", i), u.Rights)
	}
	return errs
}
