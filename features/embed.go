// Package features embeds the feature files, the specification toets runs,
// so the binary works anywhere; `toets run --features DIR` reads them from
// disk instead.
package features

import "embed"

// FS holds every .feature file below this folder.
//
//go:embed */*.feature
var FS embed.FS
