package refserver

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdportenProfile: in the idporten profile PKCE is required and the
// consent page asks per scope; a person who unticks every scope has agreed
// to nothing.
func TestIdportenProfile(t *testing.T) {
	ts := startProfileServer(t, "idporten")
	c := ts.primary()
	withPKCE := func() url.Values {
		q := ts.authorizeQuery(c)
		q.Set("scope", ts.desc.Scope+" "+ts.desc.DeclinableScope)
		q.Set("code_challenge", strings.Repeat("c", 43))
		q.Set("code_challenge_method", "S256")
		return q
	}

	t.Run("PKCE required", func(t *testing.T) {
		ts := ts.with(t)
		assert.Equal(t, "invalid_request", ts.errorRedirect(ts.authorizeQuery(c)))
	})
	t.Run("a box per scope", func(t *testing.T) {
		ts := ts.with(t)
		consent, _ := ts.login(withPKCE(), ts.alice())
		assert.Contains(t, consent.body, `value="`+ts.desc.DeclinableScope+`" checked`)
		assert.Contains(t, consent.body, `value="`+ts.desc.Scope+`" checked`)
	})
	t.Run("every scope declined", func(t *testing.T) {
		ts := ts.with(t)
		_, id := ts.login(withPKCE(), ts.alice())
		resp := ts.post("/oauth/consent", url.Values{"request": {id}, "action": {"approve"}}, nil)
		_, params := resp.redirect(t)
		assert.Equal(t, "access_denied", params.Get("error"))
		assert.False(t, params.Has("code"))
	})
	t.Run("the medmij profile has no declinable scope", func(t *testing.T) {
		medmij := startServer(t)
		assert.Empty(t, medmij.desc.DeclinableScope)
		q := medmij.authorizeQuery(medmij.primary())
		q.Set("scope", medmij.desc.Scope+" "+contactScope)
		require.Equal(t, "invalid_scope", medmij.errorRedirect(q))
		assert.Equal(t, http.StatusOK, medmij.authorize(medmij.authorizeQuery(medmij.primary())).status)
	})
}
