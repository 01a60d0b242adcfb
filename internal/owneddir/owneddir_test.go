package owneddir

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// deadPid is the pid of a process that has ended and been reaped.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestRemoveStale leaves a folder of a dead toets, a folder of this live
// process, one whose pid was reused by a later process, and two foreign
// folders with the same name pattern, and checks that only the dead
// owners' folders go.
func TestRemoveStale(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	prefix := "toets-test-" + strconv.Itoa(os.Getpid()) + "-"
	mk := func(name string, markerText string) string {
		dir := filepath.Join(os.TempDir(), prefix+name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "client-1.secret"), []byte("s3cret"), 0o600)
		if markerText != "" {
			os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o600)
		}
		return dir
	}
	dead := mk("dead", fmt.Sprintf("pid %d\nstart 1\n", deadPid(t)))
	reused := mk("reused", fmt.Sprintf("pid %d\nstart 1\n", os.Getppid())) // the parent started later than tick 1
	foreign := mk("foreign", "")                                           // no marker: not ours
	garbled := mk("garbled", "pid x\n")
	live, err := Create(prefix + "live-")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(live); st.Mode().Perm() != 0o700 {
		t.Errorf("owned folder mode %v, want 0700", st.Mode().Perm())
	}

	removed := RemoveStale(prefix)
	for dir, want := range map[string]bool{dead: false, reused: false, foreign: true, garbled: true, live: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v (removed %v)", filepath.Base(dir), err == nil, want, removed)
		}
	}
	if len(removed) != 2 {
		t.Errorf("removed %v, want the dead and the reused one", removed)
	}
}

// TestRemoveStaleFollowsNoSymlink: a symlink named like an owned folder,
// pointing at a folder with a valid stale marker, is not followed.
func TestRemoveStaleFollowsNoSymlink(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	elsewhere := t.TempDir()
	os.WriteFile(filepath.Join(elsewhere, Marker), fmt.Appendf(nil, "pid %d\n", deadPid(t)), 0o600)
	link := filepath.Join(os.TempDir(), "toets-link")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	RemoveStale("toets-")
	if _, err := os.Stat(filepath.Join(elsewhere, Marker)); err != nil {
		t.Error("RemoveStale followed a symlink")
	}
}
