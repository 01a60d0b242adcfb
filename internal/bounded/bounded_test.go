package bounded

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("geheim\n"), 0o600)
	sparse := filepath.Join(dir, "sparse")
	if f, err := os.Create(sparse); err == nil {
		f.Truncate(1 << 30) // 1 GiB that takes no disk
		f.Close()
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		want    error
		message string
	}{
		{small, nil, ""},
		{sparse, ErrTooLarge, "clients[0].secret: " + sparse + " is 1 GiB, more than the 64 KiB toets reads for it"},
		{fifo, ErrNotRegular, "is a FIFO (named pipe), not a regular file"},
		{"/dev/zero", ErrNotRegular, "/dev/zero is a character device, not a regular file; toets reads only regular files of at most 64 KiB"},
		{"/dev/urandom", ErrNotRegular, "character device"},
		{dir, ErrNotRegular, "a folder"},
	} {
		start := time.Now()
		b, err := ReadFile(tc.path, Secret, "clients[0].secret")
		if time.Since(start) > time.Second {
			t.Errorf("%s: took %s", tc.path, time.Since(start))
		}
		if tc.want == nil {
			if err != nil || string(b) != "geheim\n" {
				t.Errorf("%s: %q, %v", tc.path, b, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.message) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want one line with %q", tc.path, err, tc.message)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), Secret, "tls.ca_file"); err == nil || !strings.HasPrefix(err.Error(), "tls.ca_file: ") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestReadFileCapsWhatTheSizeHides reads a file whose stat size is 0 but
// whose content is not (as in /proc): the read still stops at the cap.
func TestReadFileCapsWhatTheSizeHides(t *testing.T) {
	if _, err := os.Stat("/proc/self/maps"); err != nil {
		t.Skip("no /proc")
	}
	if _, err := ReadFile("/proc/self/maps", 16, "test"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{12: "12 bytes", 64 << 10: "64 KiB", 1 << 20: "1 MiB", 1536: "1.5 KiB", 1 << 30: "1 GiB", 4 << 20: "4 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
