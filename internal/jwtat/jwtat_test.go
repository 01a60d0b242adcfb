package jwtat

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const issuer = "https://as.example"

func segment(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return base64.RawURLEncoding.EncodeToString(b)
}

func goodClaims() map[string]any {
	return map[string]any{
		"iss": issuer, "exp": 1900000000, "aud": "https://rs.example", "sub": "alice",
		"client_id": "c1", "iat": 1800000000, "jti": "j-1", "scope": "read",
	}
}

// signed makes an RS256 JWT with typ and claims, and the JWKS of its key.
func signed(t *testing.T, typ string, claims map[string]any) (string, []byte) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	opts := (&jose.SignerOptions{}).WithType(jose.ContentType(typ)).WithHeader("kid", "k1")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, opts)
	require.NoError(t, err)
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	jws, err := signer.Sign(payload)
	require.NoError(t, err)
	raw, err := jws.CompactSerialize()
	require.NoError(t, err)
	set, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	require.NoError(t, err)
	return raw, set
}

func TestIsJWT(t *testing.T) {
	raw, _ := signed(t, "at+jwt", goodClaims())
	assert.True(t, IsJWT(raw))
	for _, opaque := range []string{"", "abc", "2YotnFZFEjr1zCsicMWpAA", "a.b.c", "eyJ4IjoxfQ.b.c"} {
		assert.False(t, IsJWT(opaque), opaque)
	}
}

func TestTheGoodTokenPasses(t *testing.T) {
	raw, set := signed(t, "at+jwt", goodClaims())
	tok, err := Parse(raw)
	require.NoError(t, err)
	assert.NoError(t, tok.CheckTyp())
	assert.NoError(t, tok.Verify(set))
	assert.Empty(t, tok.CheckClaims(issuer))
}

func TestTyp(t *testing.T) {
	for typ, ok := range map[string]bool{"at+jwt": true, "application/at+jwt": true, "AT+JWT": true, "JWT": false, "": false} {
		tok := &Token{Header: Header{Typ: typ}}
		assert.Equal(t, ok, tok.CheckTyp() == nil, typ)
	}
}

func TestAnotherKeyDoesNotVerify(t *testing.T) {
	raw, _ := signed(t, "at+jwt", goodClaims())
	_, other := signed(t, "at+jwt", goodClaims())
	tok, err := Parse(raw)
	require.NoError(t, err)
	assert.Error(t, tok.Verify(other))
}

func TestUnsignedTokenDoesNotVerify(t *testing.T) {
	_, set := signed(t, "at+jwt", goodClaims())
	raw := segment(t, map[string]string{"alg": "none", "typ": "at+jwt"}) + "." + segment(t, goodClaims()) + "."
	tok, err := Parse(raw)
	require.NoError(t, err)
	assert.Error(t, tok.Verify(set))
}

func TestClaims(t *testing.T) {
	cases := map[string]struct {
		edit func(map[string]any)
		want string
	}{
		"client_id missing": {func(c map[string]any) { delete(c, "client_id") }, "client_id is missing"},
		"jti missing":       {func(c map[string]any) { delete(c, "jti") }, "jti is missing"},
		"exp as a string":   {func(c map[string]any) { c["exp"] = "soon" }, "exp is not a NumericDate"},
		"aud empty array":   {func(c map[string]any) { c["aud"] = []string{} }, "aud is not a string or"},
		"aud array":         {func(c map[string]any) { c["aud"] = []string{"a", "b"} }, ""},
		"iss other":         {func(c map[string]any) { c["iss"] = issuer + "/" }, "is not the issuer"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			claims := goodClaims()
			tc.edit(claims)
			raw := segment(t, map[string]string{"alg": "RS256", "typ": "at+jwt"}) + "." + segment(t, claims) + ".sig"
			tok, err := Parse(raw)
			require.NoError(t, err)
			got := strings.Join(tok.CheckClaims(issuer), "; ")
			if tc.want == "" {
				assert.Empty(t, got)
			} else {
				assert.Contains(t, got, tc.want)
			}
		})
	}
}

func TestParseRefusesWhatIsNoJWT(t *testing.T) {
	for _, raw := range []string{"a.b", "a.b.c.d", "!!.e30.x", "e30.!!.x", "e30.bnVsbA.x", "W10.e30.x"} {
		_, err := Parse(raw)
		assert.Error(t, err, raw)
	}
}

// FuzzParse: any string, parsed or refused, never panics, and a parsed
// token survives every check.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"e30.e30.", "eyJhbGciOiJub25lIn0.eyJpc3MiOjF9.", "a.b.c", "...", "e30.bnVsbA.x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_ = IsJWT(raw)
		tok, err := Parse(raw)
		if err != nil {
			return
		}
		_ = tok.CheckTyp()
		_ = tok.CheckClaims(issuer)
		_ = tok.Verify([]byte(`{"keys":[]}`))
	})
}
