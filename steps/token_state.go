package steps

// tokenState is the part of a scenario's World that only the token
// steps use.
type tokenState struct{}
