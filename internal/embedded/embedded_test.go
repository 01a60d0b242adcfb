package embedded

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/toets/toets/internal/owneddir"
)

// TestStartRemovesStaleFolders leaves what a killed toets leaves (an owned
// folder with a secret, of a pid that is dead) beside a folder of the same
// name pattern without the marker: Start removes the first, keeps the
// second, and its own folder is private and gone after Close.
func TestStartRemovesStaleFolders(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(os.TempDir(), dirPrefix+"killed")
	foreign := filepath.Join(os.TempDir(), dirPrefix+"foreign")
	for _, dir := range []string{stale, foreign} {
		os.Mkdir(dir, 0o700)
		os.WriteFile(filepath.Join(dir, "client-1.secret"), []byte("s3cret"), 0o600)
	}
	os.WriteFile(filepath.Join(stale, owneddir.Marker), fmt.Appendf(nil, "pid %d\n", dead.Process.Pid), 0o600)

	in, err := Start("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the folder of a dead toets was left")
	}
	if _, err := os.Stat(filepath.Join(foreign, "client-1.secret")); err != nil {
		t.Error("a folder without the marker was touched")
	}
	if st, err := os.Stat(in.Dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("instance folder: %v, want mode 0700", st)
	}
	if _, err := os.Stat(filepath.Join(in.Dir, owneddir.Marker)); err != nil {
		t.Errorf("instance folder has no marker: %v", err)
	}
	in.Close()
	in.Close() // a second Close (the signal path and a defer) is harmless
	if _, err := os.Stat(in.Dir); err == nil {
		t.Error("Close left the folder")
	}
}
