package resource

import (
	"slices"
	"testing"
)

func TestJWTAlg(t *testing.T) {
	cases := []struct {
		alg, sig         string
		signed, asymmetr []string
	}{
		{"RS256", "c2ln", nil, nil},
		{"ES256", "c2ln", nil, nil},
		{"EdDSA", "c2ln", nil, nil},
		// A MAC is a signature in RFC 9068's sense: only the
		// RECOMMENDED asymmetric cryptography is missed.
		{"HS256", "c2ln", nil, []string{JWTAsymmetric.ID}},
		{"none", "", []string{JWTSigned.ID}, nil},
		{"None", "", []string{JWTSigned.ID}, nil},
		{"", "", []string{JWTSigned.ID}, nil},
		{"RS256", "", []string{JWTSigned.ID}, nil},
	}
	for _, c := range cases {
		if got := ids(JWTAlgSigned(c.alg, c.sig)); !slices.Equal(got, c.signed) {
			t.Errorf("%q: signed found %v, want %v", c.alg, got, c.signed)
		}
		if got := ids(JWTAlgAsymmetric(c.alg)); !slices.Equal(got, c.asymmetr) {
			t.Errorf("%q: asymmetric found %v, want %v", c.alg, got, c.asymmetr)
		}
	}
}
