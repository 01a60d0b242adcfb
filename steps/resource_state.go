package steps

import "github.com/toets/toets/internal/record"

// resourceState is the part of a scenario's World that only the resource,
// introspection, keys and metadata steps use.
type resourceState struct {
	// metadataURL is where the metadata was fetched in this scenario, and
	// metadata the document read from it.
	metadataURL string
	metadata    map[string]any
	// jwksURL and jwks are the key set fetched in this scenario.
	jwksURL string
	jwks    *record.Response
}
