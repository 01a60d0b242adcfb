// Package rights works out, from what a target file says each client and
// each person may see, who plays which part in the checks of seed 000 and
// what each pairing must reach: what a client may see of a person is its
// own rights intersected with the person's.
//
// It is written from the seed alone; the reference server has its own.
package rights

import (
	"errors"
	"fmt"
	"slices"
)

// Holder is a client or a person and the names of the rights it holds.
type Holder struct {
	// Index is its place in the target file's clients[] or users[].
	Index  int
	Rights []string
}

// Cast is who plays which part. Varying is a right that one client and one
// person hold and another client and another person do not; Shared is a
// right all four hold, so every pairing has something it must reach.
type Cast struct {
	Shared, Varying           string
	ClientWith, ClientWithout Holder
	UserWith, UserWithout     Holder
}

// Client returns the client with or without the varying right.
func (c Cast) Client(with bool) Holder {
	if with {
		return c.ClientWith
	}
	return c.ClientWithout
}

// User returns the person with or without the varying right.
func (c Cast) User(with bool) Holder {
	if with {
		return c.UserWith
	}
	return c.UserWithout
}

// ErrNoCast says the file does not describe two clients and two persons on
// either side of one right.
var ErrNoCast = errors.New("no right is held by one client and one person and not by another client and another person, next to a right all four hold")

// Choose finds a cast among the rights (in the order of the target file),
// the clients and the persons who can log in and have data.
func Choose(rights []string, clients, users []Holder) (Cast, error) {
	if len(rights) < 2 {
		return Cast{}, fmt.Errorf("%w (the file lists %d right(s); two are needed)", ErrNoCast, len(rights))
	}
	for _, varying := range rights {
		cWith, cWithout, ok := split(clients, varying)
		if !ok {
			continue
		}
		uWith, uWithout, ok := split(users, varying)
		if !ok {
			continue
		}
		for _, shared := range rights {
			if shared == varying {
				continue
			}
			if allHold(shared, cWith, cWithout, uWith, uWithout) {
				return Cast{Shared: shared, Varying: varying, ClientWith: cWith, ClientWithout: cWithout, UserWith: uWith, UserWithout: uWithout}, nil
			}
		}
	}
	return Cast{}, ErrNoCast
}

// split finds the first holder with the right and the first without it.
func split(holders []Holder, right string) (with, without Holder, ok bool) {
	i := slices.IndexFunc(holders, func(h Holder) bool { return slices.Contains(h.Rights, right) })
	j := slices.IndexFunc(holders, func(h Holder) bool { return !slices.Contains(h.Rights, right) })
	if i < 0 || j < 0 {
		return Holder{}, Holder{}, false
	}
	return holders[i], holders[j], true
}

func allHold(right string, hs ...Holder) bool {
	for _, h := range hs {
		if !slices.Contains(h.Rights, right) {
			return false
		}
	}
	return true
}

// Reachable are the rights, in the order of all, that both the client and
// the person hold: the only ones the client may reach for that person.
func Reachable(all []string, client, user Holder) []string {
	var out []string
	for _, r := range all {
		if slices.Contains(client.Rights, r) && slices.Contains(user.Rights, r) {
			out = append(out, r)
		}
	}
	return out
}
