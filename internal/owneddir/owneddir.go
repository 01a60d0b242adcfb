// Package owneddir makes the temporary folders toets leaves secrets in (the
// embedded reference server's secrets and keys, the Chromium profile) and
// removes the ones a dead toets left behind. A toets process that is
// killed (SIGKILL, a second Ctrl-C, the CI runner's timeout) cannot clean
// up after itself, so every start cleans up after the dead.
//
// A folder is toets's own only if it holds the marker file written at its
// creation, naming the creating process. A folder without the marker is
// never touched, whatever its name: a name can be chosen by anybody.
package owneddir

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Marker is the name of the file that makes a folder toets's own.
const Marker = ".toets-owned"

// markerLimit caps what is read of a marker: it holds two numbers.
const markerLimit = 256

// Create makes a fresh folder in the system temp dir whose name starts
// with prefix, mode 0700 (its files may be secrets), with the marker
// naming this process. prefix should start with "toets-".
func Create(prefix string) (string, error) {
	dir, err := os.MkdirTemp("", prefix+"*")
	if err != nil {
		return "", err
	}
	// MkdirTemp already uses 0700; Chmod says so in the code too, and holds
	// whatever the umask did.
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, Marker), marker(os.Getpid()), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// marker is "pid <n>\nstart <ticks>\n": the start time tells a dead
// owner from a new process that was given the same pid.
func marker(pid int) []byte {
	return fmt.Appendf(nil, "pid %d\nstart %s\n", pid, startTime(pid))
}

// RemoveStale removes the folders in the system temp dir whose names start
// with prefix, that belong to this user, hold the marker, and whose
// creating process is gone. It reports what it removed. Without /proc it
// cannot tell a live process from a dead one, and removes nothing.
func RemoveStale(prefix string) (removed []string) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		return nil
	}
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), prefix+"*"))
	for _, dir := range matches {
		if stale(dir) && os.RemoveAll(dir) == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}

// stale says whether dir is an owned folder of a process that has ended.
func stale(dir string) bool {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() { // a symlink is never followed
		return false
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != os.Getuid() {
		return false
	}
	pid, start, ok := readMarker(filepath.Join(dir, Marker))
	if !ok || pid == os.Getpid() {
		return false
	}
	now := startTime(pid)
	if now == "unknown" {
		return false
	}
	// The process is gone, or its pid now belongs to a process started
	// later than the one that made the folder.
	return now == "" || (start != "" && start != "unknown" && now != start)
}

func readMarker(path string) (pid int, start string, ok bool) {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > markerLimit {
		return 0, "", false
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, "", false
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, markerLimit))
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "pid":
			pid, err = strconv.Atoi(v)
			ok = err == nil && pid > 0
		case "start":
			start = v
		}
	}
	return pid, start, ok
}

// startTime is the start time of process pid in clock ticks since boot
// (field 22 of /proc/<pid>/stat), or "" when there is no such process.
// A zombie counts as gone: it holds nothing and will never clean up.
func startTime(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return ""
		}
		return "unknown" // unreadable: alive as far as anyone can tell
	}
	// The command name is in parentheses and may hold spaces; the fields
	// after the last ')' are state (field 3) onwards.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "unknown"
	}
	fields := strings.Fields(string(b[i+1:]))
	if len(fields) < 20 {
		return "unknown"
	}
	if fields[0] == "Z" || fields[0] == "X" {
		return ""
	}
	return fields[19]
}
