package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildToets builds the binary once for the process tests.
func buildToets(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "toets")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterruptWritesReportsAndLeavesNoBrowser stops `toets run` in the
// middle with SIGINT and SIGTERM: the reports are written for what finished
// and marked interrupted with the process's exit code, which says which
// signal came, and no Chromium process or profile folder is left behind.
func TestInterruptWritesReportsAndLeavesNoBrowser(t *testing.T) {
	bin := buildToets(t)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "reports")
			cmd := exec.Command(bin, "run", "--out", out)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait for the first finished scenario that used the browser:
			// then a browser is surely running.
			sc := bufio.NewScanner(stdout)
			sent := false
			for sc.Scan() {
				if !sent && strings.Contains(sc.Text(), "(") && (strings.Contains(sc.Text(), "authorization") || strings.Contains(sc.Text(), "resource")) {
					cmd.Process.Signal(c.sig)
					sent = true
				}
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != c.code {
				t.Fatalf("exit: %v, want code %d (signal sent: %v)", err, c.code, sent)
			}
			if _, err := os.Stat(filepath.Join(out, "results.json")); err != nil {
				t.Fatalf("no results.json after the interrupt: %v", err)
			}
			// Every file agrees with the process: interrupted, and its
			// exit code, not the 0 of the rules that had passed.
			interruptedReports(t, out, c.code)
			if _, err := os.Stat(filepath.Join(out, "report.html")); err != nil {
				t.Errorf("no report.html: %v", err)
			}
			assertNoBrowserOf(t, cmd.Process.Pid)
		})
	}
}

// assertNoBrowserOf checks that no process and no profile folder of the
// toets process pid remains.
func assertNoBrowserOf(t *testing.T, pid int) {
	t.Helper()
	marker := "toets-chromium-" + strconv.Itoa(pid) + "-"
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := processesWith(marker)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Chromium processes left behind: %v", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), marker+"*"))
	if len(dirs) > 0 {
		t.Errorf("profile folders left behind: %v", dirs)
	}
}

func processesWith(s string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), s) {
			if st, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil && strings.Contains(string(st), ") Z ") {
				continue // a zombie already dead, waiting for PID 1 to reap it
			}
			out = append(out, e.Name())
		}
	}
	return out
}
