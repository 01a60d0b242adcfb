// Package bounded reads the files a person names to toets (a target file,
// the secrets, keys and certificates it references, waivers, a baseline)
// with a size cap and only when they are regular files. A path given by
// mistake, or by someone who wants toets to fall over, can be /dev/zero,
// /dev/urandom, a FIFO nobody writes to, or a 1 GB file: os.ReadFile would
// grow toets to many gigabytes or block for ever, after which no report of
// the run is written. Every such read goes through ReadFile, so the rule is
// kept in one place.
package bounded

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// The caps. Each is far above any real file of its kind and far below what
// hurts: the largest real ones seen are a 30 KiB target file, a 3 KiB RSA
// key and a 250 KiB CA bundle (every Mozilla root).
const (
	TargetFile int64 = 1 << 20  // a target file (YAML)
	Secret     int64 = 64 << 10 // a secret, a password, a private key, a client certificate chain
	CABundle   int64 = 4 << 20  // a PEM bundle of CA certificates
	Waivers    int64 = 1 << 20  // a waivers file (YAML)
	// Results is a results.json of an earlier run (--baseline,
	// --rerun-failed, report diff). It holds the run's evidence (bodies are
	// truncated by the recorder, screenshots are left out), so it is the
	// largest file toets reads; a full run writes a few megabytes.
	Results int64 = 256 << 20
)

// ErrTooLarge and ErrNotRegular tell the two refusals apart for callers
// and tests; the error text already says which file and which cap.
var (
	ErrTooLarge   = errors.New("file too large")
	ErrNotRegular = errors.New("not a regular file")
)

// ReadFile reads path when it is a regular file of at most limit bytes.
// what names the file for the person (a flag or a target file key, such as
// "tls.ca_file"); it starts the error, which is one line.
//
// The file is opened with O_NONBLOCK, so opening a FIFO returns at once
// instead of waiting for a writer, and its type is taken from the open
// descriptor, so a file swapped after a check cannot slip through. The
// read itself is capped too: a file that grows while it is read, or a
// regular file whose size the kernel does not know (some of /proc), stops
// at the cap.
func ReadFile(path string, limit int64, what string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if !st.Mode().IsRegular() {
		return nil, &refusal{fmt.Sprintf("%s: %s is %s, not a regular file; toets reads only regular files of at most %s here",
			what, path, kind(st.Mode()), Size(limit)), ErrNotRegular}
	}
	if st.Size() > limit {
		return nil, tooLarge(what, path, st.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(what, path, int64(len(b)), limit)
	}
	return b, nil
}

func tooLarge(what, path string, size, limit int64) error {
	return &refusal{fmt.Sprintf("%s: %s is %s, more than the %s toets reads for it", what, path, Size(size), Size(limit)), ErrTooLarge}
}

// refusal is a refused file: its text for the person, its kind for errors.Is.
type refusal struct {
	msg  string
	kind error
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.kind }

// kind names a file type for the error message.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	}
	return "a special file"
}

// Size writes a byte count the way the caps are spoken of (64 KiB, 1 MiB).
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
