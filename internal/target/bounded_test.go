package target

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/toets/toets/internal/bounded"
)

// TestEveryFileReadIsBounded points each file a target file can name at
// /dev/zero, a FIFO and a 1 GiB sparse file: each is refused at once with
// an error that names the key, never read whole and never waited on.
func TestEveryFileReadIsBounded(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "sparse")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(1 << 30)
	f.Close()
	for _, name := range []string{"pw.txt", "cert.pem", "key.pem"} {
		os.WriteFile(filepath.Join(dir, name), []byte("small"), 0o600)
	}
	t.Setenv("TOETS_TEST_SECRET", "s3cret-value")

	for _, bad := range []string{"/dev/zero", fifo, sparse} {
		start := time.Now()
		if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), "target file: ") {
			t.Errorf("Load(%s): %v", bad, err)
		}
		cases := []struct {
			key  string
			edit func(string) string
		}{
			{"users[0].password", func(s string) string { return strings.Replace(s, "file:pw.txt", "file:"+bad, 1) }},
			{"tls.ca_file", func(s string) string { return s + "tls: {ca_file: " + bad + "}\n" }},
			{"tls.back_channel_roots", func(s string) string { return s + "tls: {back_channel_roots: " + bad + "}\n" }},
			{"tls.client_cert", func(s string) string { return s + "tls: {client_cert: " + bad + ", client_key: key.pem}\n" }},
			{"tls.client_key", func(s string) string { return s + "tls: {client_cert: cert.pem, client_key: " + bad + "}\n" }},
		}
		for _, c := range cases {
			file, err := Parse([]byte(c.edit(valid)))
			if err != nil {
				t.Fatalf("%s: %v", c.key, err)
			}
			_, err = Resolve(file, filepath.Join(dir, "t.yaml"))
			if !errors.Is(err, bounded.ErrNotRegular) && !errors.Is(err, bounded.ErrTooLarge) {
				t.Errorf("%s on %s: %v", c.key, bad, err)
				continue
			}
			if !strings.Contains(err.Error(), c.key) {
				t.Errorf("%s on %s: the error does not name the key: %v", c.key, bad, err)
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: %s", bad, d)
		}
	}
}
