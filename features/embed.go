// Package features embeds the feature files, the specification toets runs,
// so the binary works anywhere; `toets run --features DIR` reads them from
// disk instead.
package features

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// FS holds every .feature file below this folder.
//
//go:embed */*.feature
var FS embed.FS

// Files lists the .feature files below fsys (the embedded FS or a folder
// given with --features), sorted, so every reader sees them in one order.
func Files(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".feature" {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
