package rights

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func h(i int, rights ...string) Holder { return Holder{Index: i, Rights: rights} }

func TestChoose(t *testing.T) {
	tests := []struct {
		name    string
		rights  []string
		clients []Holder
		users   []Holder
		want    Cast
		err     bool
	}{
		{
			name:    "the reference server",
			rights:  []string{"medication", "allergies"},
			clients: []Holder{h(0, "medication", "allergies"), h(1, "medication"), h(2, "medication", "allergies")},
			users:   []Holder{h(0, "medication", "allergies"), h(3, "medication")},
			want:    Cast{Shared: "medication", Varying: "allergies", ClientWith: h(0, "medication", "allergies"), ClientWithout: h(1, "medication"), UserWith: h(0, "medication", "allergies"), UserWithout: h(3, "medication")},
		},
		{
			name:    "one right only",
			rights:  []string{"medication"},
			clients: []Holder{h(0, "medication"), h(1)},
			users:   []Holder{h(0, "medication"), h(1)},
			err:     true,
		},
		{
			name:    "every client holds every right",
			rights:  []string{"a", "b"},
			clients: []Holder{h(0, "a", "b"), h(1, "a", "b")},
			users:   []Holder{h(0, "a", "b"), h(1, "a")},
			err:     true,
		},
		{
			name:    "no right shared by all four",
			rights:  []string{"a", "b"},
			clients: []Holder{h(0, "b"), h(1, "a")},
			users:   []Holder{h(0, "b"), h(1, "a")},
			err:     true,
		},
		{
			name:    "the varying right comes first",
			rights:  []string{"x", "base"},
			clients: []Holder{h(0, "base"), h(1, "base", "x")},
			users:   []Holder{h(0, "base", "x"), h(1, "base")},
			want:    Cast{Shared: "base", Varying: "x", ClientWith: h(1, "base", "x"), ClientWithout: h(0, "base"), UserWith: h(0, "base", "x"), UserWithout: h(1, "base")},
		},
		{name: "nothing at all", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Choose(tc.rights, tc.clients, tc.users)
			if tc.err {
				require.Error(t, err)
				assert.True(t, errors.Is(err, ErrNoCast))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestReachable(t *testing.T) {
	all := []string{"medication", "allergies", "lab"}
	tests := []struct {
		client, user Holder
		want         []string
	}{
		{h(0, "medication", "allergies"), h(0, "allergies", "medication"), []string{"medication", "allergies"}},
		{h(0, "medication", "allergies"), h(0, "medication"), []string{"medication"}},
		{h(0, "medication"), h(0, "medication", "allergies"), []string{"medication"}},
		{h(0, "lab"), h(0, "medication"), nil},
		{h(0, "unknown"), h(0, "unknown"), nil},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Reachable(all, tc.client, tc.user), "%v ∩ %v", tc.client.Rights, tc.user.Rights)
	}
}

// FuzzChoose: whatever the file says, a cast it returns meets its promise.
func FuzzChoose(f *testing.F) {
	f.Add(uint8(0b0011), uint8(0b0001), uint8(0b0011), uint8(0b0001))
	f.Add(uint8(0), uint8(0), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, c0, c1, u0, u1 uint8) {
		all := []string{"a", "b", "c"}
		of := func(i int, mask uint8) Holder {
			var rs []string
			for j, r := range all {
				if mask&(1<<j) != 0 {
					rs = append(rs, r)
				}
			}
			return h(i, rs...)
		}
		cast, err := Choose(all, []Holder{of(0, c0), of(1, c1)}, []Holder{of(0, u0), of(1, u1)})
		if err != nil {
			return
		}
		assert.True(t, allHold(cast.Shared, cast.ClientWith, cast.ClientWithout, cast.UserWith, cast.UserWithout))
		assert.True(t, allHold(cast.Varying, cast.ClientWith, cast.UserWith))
		assert.NotContains(t, cast.ClientWithout.Rights, cast.Varying)
		assert.NotContains(t, cast.UserWithout.Rights, cast.Varying)
	})
}
