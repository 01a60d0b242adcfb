package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"time"

	"github.com/toets/toets/features"
)

// Manifest pins down what a run was: which toets, which feature files, which
// target file, when, with which profile and tag filter. Certification staff
// keep it with the report as evidence; two runs with the same manifest ran
// the same checks against the same configuration.
type Manifest struct {
	ToolVersion string `json:"toolVersion"`
	Commit      string `json:"commit,omitempty"`
	// FeaturesSHA256 is the SHA-256 over every feature file's path and
	// content, in path order (see HashFeatures); FeatureFiles counts them.
	FeaturesSHA256 string `json:"featuresSha256"`
	FeatureFiles   int    `json:"featureFiles"`
	// TargetFileSHA256 is the SHA-256 of the target file's bytes. The file
	// holds no secrets (they are references), so the hash reveals none.
	TargetFileSHA256 string    `json:"targetFileSha256,omitempty"`
	Started          time.Time `json:"started"`
	Finished         time.Time `json:"finished"`
	Profile          string    `json:"profile"`
	Tags             string    `json:"tags,omitempty"`
}

// HashFeatures returns the SHA-256 over the .feature files below fsys and
// their number. Each file contributes its path, a NUL, its length and its
// content, so moving text between files changes the hash.
func HashFeatures(fsys fs.FS) (string, int, error) {
	files, err := features.Files(fsys)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", 0, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), len(files), nil
}

// HashBytes is the hex SHA-256 of b.
func HashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
