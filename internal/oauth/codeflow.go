package oauth

// CodeFlowRequest is the authorization request a careful client sends
// (RFC 6749 §4.1.1): response_type code, its client_id and registered
// redirect_uri, the scope, a fresh state of normal length, and PKCE S256
// (RFC 7636 §4.2; RFC 9700 §2.1.1 has clients use it). verifier is the
// PKCE code verifier for the token request. A negative test starts from it
// and breaks one thing, so that no other check of the server answers
// first; the preflight's login starts from it too.
func CodeFlowRequest(endpoint, clientID, redirectURI, scope string) (r *AuthorizationRequest, verifier string) {
	verifier = Random(32) // 43 characters, RFC 7636 §4.1
	r = &AuthorizationRequest{Endpoint: endpoint}
	r.Add("response_type", "code")
	r.Add("client_id", clientID)
	r.Add("redirect_uri", redirectURI)
	r.Add("scope", scope)
	r.Add("state", Random(16))
	r.Add("code_challenge", S256(verifier))
	r.Add("code_challenge_method", "S256")
	return r, verifier
}
