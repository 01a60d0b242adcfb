package steps

// authorizationState is the part of a scenario's World that only the authorization
// steps use.
type authorizationState struct{}
