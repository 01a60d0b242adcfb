package refserver

import (
	"slices"
	"strings"
)

// Rights (seed 000, the "koppelpartij" model). Each client is registered
// with the rights it may use, each person has rights of their own, and a
// grant holds only the rights both have: a person who may see more than
// the client gives the client no more, and a client that may see more than
// the person sees no more of that person. A right is the scope of one data
// service; this server has two.

// right is one data service: its name, its scope and its FHIR resource.
type right struct {
	name, scope, path string
}

// rights are this server's data services; the medication service's scope
// depends on the profile (scopes.go).
func (s *Server) rights() []right {
	return []right{
		{"medication", s.dataScope(), resourcePath},
		{"allergies", allergyScope, allergyPath},
	}
}

// rightAt is the right whose resource is served at path.
func (s *Server) rightAt(path string) (right, bool) {
	for _, r := range s.rights() {
		if r.path == path {
			return r, true
		}
	}
	return right{}, false
}

func (s *Server) isRight(scope string) bool {
	return slices.ContainsFunc(s.rights(), func(r right) bool { return r.scope == scope })
}

// grantedRights narrows a consented scope to the rights the client and the
// person share. Scopes that are no right (toets:contact) pass unchanged;
// RFC 6749 §3.3 lets the server grant less than was asked, and the token
// response then names the scope granted.
func (s *Server) grantedRights(scope, clientID string, user User) string {
	client, _ := s.clients.client(clientID)
	var kept []string
	for _, t := range strings.Fields(scope) {
		if !s.isRight(t) {
			kept = append(kept, t)
			continue
		}
		byClient, byUser := slices.Contains(client.Rights, t), slices.Contains(user.Rights, t)
		holds := byClient && byUser
		if s.faults.on("rights-union") {
			holds = byClient || byUser
		}
		if s.faults.on("rights-unchecked") {
			holds = true
		}
		if t != s.dataScope() && s.faults.on("extra-right-dropped") {
			holds = false
		}
		if holds {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, " ")
}
