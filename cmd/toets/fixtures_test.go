package main

import (
	"path/filepath"
	"testing"

	"github.com/toets/toets/internal/target"
)

// TestFixtureTargetsParse keeps the example target files of the docs valid
// against the schema: an example that does not load teaches nothing.
func TestFixtureTargetsParse(t *testing.T) {
	for _, profile := range target.Profiles {
		path := filepath.Join("..", "..", "fixtures", "targets", profile+".yaml")
		f, err := target.Load(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if f.Profile != profile {
			t.Errorf("%s: profile %s", path, f.Profile)
		}
	}
}
