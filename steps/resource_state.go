package steps

// resourceState is the part of a scenario's World that only the resource, introspection, keys and metadata
// steps use.
type resourceState struct{}
