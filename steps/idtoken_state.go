package steps

// idTokenState is the part of a scenario's World that only the ID token
// steps (OIDC Core) use.
type idTokenState struct {
	// nonce is the nonce the authorization request sent (OIDC Core
	// §3.1.2.1).
	nonce string
}
