package frontchannel

import (
	"fmt"
	"net/url"
	"slices"
)

// AnswerDifferences lists what tells two authorization responses apart for
// the client that receives them: where they went, and every parameter
// except state (the client's own value, different per request). MedMij Autoriseren exceptions 1 and 2 require a refusal and
// "no data for this person" to be indistinguishable; an empty list means the
// client cannot tell them apart from the redirect.
func AnswerDifferences(a, b *url.URL) []string {
	if a == nil || b == nil {
		return []string{"one of the two answers did not reach the client"}
	}
	var out []string
	if base(a) != base(b) {
		out = append(out, fmt.Sprintf("sent to %s instead of %s", base(b), base(a)))
	}
	qa, qb := a.Query(), b.Query()
	var names []string
	for k := range qa {
		names = append(names, k)
	}
	for k := range qb {
		if !slices.Contains(names, k) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		if k == "state" {
			continue
		}
		_, inA := qa[k]
		_, inB := qb[k]
		if inA != inB || !slices.Equal(qa[k], qb[k]) {
			out = append(out, fmt.Sprintf("%s is %s in the first answer but %s in the second", k, describeParam(qa, k), describeParam(qb, k)))
		}
	}
	return out
}

func describeParam(q url.Values, k string) string {
	v, ok := q[k]
	switch {
	case !ok:
		return "absent"
	case k == "code":
		return "present" // a code is a secret: never in a message
	case len(v) == 1:
		return fmt.Sprintf("%q", v[0])
	}
	return fmt.Sprintf("%q", v)
}

func base(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment = "", ""
	return c.String()
}
