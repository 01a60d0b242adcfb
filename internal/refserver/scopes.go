package refserver

import "slices"

// Scope names by profile. MedMij names the data service's scope after the
// provider alone (dataScope, "eenofanderezorgaanbieder"); ID-porten names
// every scope prefix:subscope, the prefix assigned to the organisation,
// with a postfix such as .write for write access and none meaning read
// only (seed 004, eOppslag). In the idporten profile the medication
// service is therefore toets:medication, and writing to it needs
// toets:medication.write, a scope this server never grants (resource_write.go).

// idportenDataScope is the medication service's scope in the idporten
// profile.
const idportenDataScope = "toets:medication"

// writePostfix marks the scope of write access (seed 004).
const writePostfix = ".write"

// dataScope is the scope of the medication service in this profile.
func (s *Server) dataScope() string {
	if s.profile == "idporten" {
		return idportenDataScope
	}
	return dataScope
}

// profileRights renames the medication right in the registrations of
// clients and persons (store.go registers them under dataScope) to this
// profile's scope.
func (s *Server) profileRights(clients staticClients, users staticUsers) (staticClients, staticUsers) {
	if s.dataScope() == dataScope {
		return clients, users
	}
	rename := func(scopes []string) []string {
		out := slices.Clone(scopes)
		for i, sc := range out {
			if sc == dataScope {
				out[i] = s.dataScope()
			}
		}
		return out
	}
	clients, users = slices.Clone(clients), slices.Clone(users)
	for i := range clients {
		clients[i].Rights = rename(clients[i].Rights)
	}
	for i := range users {
		users[i].Rights = rename(users[i].Rights)
	}
	return clients, users
}
