package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// reportDir is the --out folder, made ready before anything runs: a
// folder that cannot take the reports must stop the run in a second, not
// after an hour of rules whose evidence is then lost.
type reportDir struct {
	path string
	// created: toets made the folder, so it may remove it again while it
	// is empty (a run stopped before the reports, such as by the
	// preflight, leaves nothing behind).
	created bool
}

// prepareReportDir creates (or checks) the report folder and proves it is
// writable. An existing folder that holds anything is refused without
// force: the reports of an earlier run would be overwritten without a
// word. The default folder is named by the time and made fresh.
func prepareReportDir(out string, force bool) (*reportDir, error) {
	if out == "" {
		return freshDefaultDir(filepath.Join("reports", "out", time.Now().Format("20060102-150405")))
	}
	d := &reportDir{path: out}
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, fail(2, "--out %s: cannot create the report folder: %v", out, err)
		}
		d.created = true
	case err != nil:
		return nil, fail(2, "--out %s: %v", out, err)
	case !st.IsDir():
		return nil, fail(2, "--out %s is a file, not a folder for the reports", out)
	default:
		empty, err := isEmptyDir(out)
		if err != nil {
			return nil, fail(2, "--out %s: cannot read the folder: %v", out, err)
		}
		if !empty && !force {
			return nil, fail(2, "--out %s already holds files (an earlier report?): choose another folder, or add --force to overwrite its reports", out)
		}
	}
	if err := proveWritable(out); err != nil {
		d.removeIfEmpty()
		return nil, fail(2, "--out %s: the folder is not writable: %v", out, err)
	}
	return d, nil
}

// freshDefaultDir makes base, or base-2, base-3, ... when runs started in
// the same second: os.Mkdir fails on an existing folder, so two runs never
// share one.
func freshDefaultDir(base string) (*reportDir, error) {
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return nil, fail(2, "cannot create the report folder %s: %v", filepath.Dir(base), err)
	}
	for i := 1; i < 100; i++ {
		path := base
		if i > 1 {
			path = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Mkdir(path, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fail(2, "cannot create the report folder %s: %v", path, err)
		}
		d := &reportDir{path: path, created: true}
		if err := proveWritable(path); err != nil {
			d.removeIfEmpty()
			return nil, fail(2, "the report folder %s is not writable: %v", path, err)
		}
		return d, nil
	}
	return nil, fail(2, "cannot find a free report folder beside %s; use --out", base)
}

func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}

// proveWritable writes and removes a file in dir: permissions, a read-only
// mount and a full quota all show here, where a stat would not.
func proveWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".toets-write-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	_, werr := f.Write([]byte("toets\n"))
	cerr := f.Close()
	os.Remove(name)
	return errors.Join(werr, cerr)
}

// removeIfEmpty takes back a folder toets made when no report went in.
func (d *reportDir) removeIfEmpty() {
	if d != nil && d.created {
		os.Remove(d.path) // fails, as it should, on a folder with files
	}
}

// console is where toets talks to a person. `toets run | head -1` closes
// the pipe after one line; the run must go on and write its reports, so
// once a write fails every later one is dropped (with SIGPIPE ignored,
// main.go, the failure is an error, not the end of the process).
type console struct {
	w      io.Writer
	broken atomic.Bool
}

func (c *console) Write(p []byte) (int, error) {
	if !c.broken.Load() {
		if _, err := c.w.Write(p); err != nil {
			c.broken.Store(true)
		}
	}
	return len(p), nil
}

// stdout is the console on standard output.
var stdout io.Writer = &console{w: os.Stdout}
