package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/owneddir"
	"github.com/toets/toets/reports"
)

// Issue 11: no run loses its evidence, inputs are bounded, no secret is
// left on disk. These tests run the built binary, because what they prove
// (exit codes, SIGPIPE, memory, the start of the process) belongs to the
// process, not to runSuite.

// result is what a finished toets process did.
type result struct {
	code   int
	took   time.Duration
	maxRSS int64 // KiB
	stderr string
}

// runToets runs the binary to its end with a deadline.
func runToets(t *testing.T, bin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
	r := result{took: time.Since(start), stderr: stderr.String()}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	r.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss
	}
	return r
}

// oneLine checks that toets said why it stopped in one line naming want.
func (r result) oneLine(t *testing.T, want string) {
	t.Helper()
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q: want one line naming %q", r.stderr, want)
	}
}

func TestRunKeepsItsEvidence(t *testing.T) {
	bin := buildToets(t)
	dir := t.TempDir()

	t.Run("out is a file", func(t *testing.T) {
		file := filepath.Join(dir, "a-file")
		os.WriteFile(file, []byte("x"), 0o644)
		for _, out := range []string{file, filepath.Join(file, "reports"), "/proc/toets-reports"} {
			r := runToets(t, bin, nil, "run", "--out", out)
			if r.code != 2 || r.took > time.Second {
				t.Errorf("--out %s: exit %d after %s, want 2 in under a second", out, r.code, r.took)
			}
			r.oneLine(t, "--out "+out)
		}
	})

	t.Run("pipe closed after one line", func(t *testing.T) {
		out := filepath.Join(dir, "piped")
		cmd := exec.Command(bin, "run", "--tags", testTags, "--no-login-check", "--out", out)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		stdout.Close() // what head -1 does after its line
		timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
		defer timer.Stop()
		err = cmd.Wait()
		if cmd.ProcessState.ExitCode() != 0 {
			t.Fatalf("after %q the pipe closed: %v (exit %d), want 0", line, err, cmd.ProcessState.ExitCode())
		}
		for _, name := range []string{reports.HTMLFile, reports.JUnitFile, reports.CucumberFile, reports.ResultsFile, reports.RequirementsFile} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Errorf("no %s: %v", name, err)
			}
		}
	})

	// A run killed with SIGKILL cannot clean up: its reference server's
	// secrets stay until the next toets starts. A second Ctrl-C exits at
	// once, but removes them first.
	for _, signals := range [][]syscall.Signal{{syscall.SIGKILL}, {syscall.SIGINT, syscall.SIGINT}} {
		t.Run(fmt.Sprint("secrets after ", signals), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(bin, "run", "--tags", testTags, "--no-login-check", "--out", filepath.Join(tmp, "out"))
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil { // the reference server is up
				t.Fatal(err)
			}
			for _, sig := range signals {
				cmd.Process.Signal(sig)
			}
			go io.Copy(io.Discard, stdout)
			cmd.Wait()
			left, _ := filepath.Glob(filepath.Join(tmp, "toets-reference-*"))
			if signals[0] != syscall.SIGKILL {
				if len(left) > 0 {
					t.Errorf("exit %d after a double Ctrl-C left %v", cmd.ProcessState.ExitCode(), left)
				}
				return
			}
			if len(left) != 1 {
				t.Fatalf("after SIGKILL: %v, want the one folder the killed run could not remove", left)
			}
			if r := runToets(t, bin, []string{"TMPDIR=" + tmp}, "--version"); r.code != 0 {
				t.Fatalf("toets --version: exit %d: %s", r.code, r.stderr)
			}
			if _, err := os.Stat(left[0]); err == nil {
				t.Errorf("the next start left the killed run's secrets in %s", left[0])
			}
		})
	}

	t.Run("stale folders removed at start", func(t *testing.T) {
		tmp := t.TempDir()
		dead := exec.Command("true")
		dead.Run()
		stale := filepath.Join(tmp, "toets-reference-killed")
		foreign := filepath.Join(tmp, "toets-reference-not-ours")
		for _, d := range []string{stale, foreign} {
			os.Mkdir(d, 0o700)
			os.WriteFile(filepath.Join(d, "client-1.secret"), []byte("s3cret"), 0o600)
		}
		os.WriteFile(filepath.Join(stale, owneddir.Marker), fmt.Appendf(nil, "pid %d\n", dead.Process.Pid), 0o600)
		if r := runToets(t, bin, []string{"TMPDIR=" + tmp}, "--version"); r.code != 0 {
			t.Fatalf("toets --version: exit %d: %s", r.code, r.stderr)
		}
		if _, err := os.Stat(stale); err == nil {
			t.Error("the folder of a dead toets, with its secret, is still there")
		}
		if _, err := os.Stat(filepath.Join(foreign, "client-1.secret")); err != nil {
			t.Error("a folder without the marker was touched")
		}
	})
}

// TestExistingOutNeedsForce: an earlier report is never overwritten
// without a word, and --force overwrites it.
func TestExistingOutNeedsForce(t *testing.T) {
	in, err := embedded.Start("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, reports.ResultsFile), []byte(`{"earlier": true}`), 0o644)
	run := func(force bool) error {
		return runSuite(runFlags{target: in.TargetPath, tags: testTags, out: out, force: force, concurrency: 1,
			requestTimeout: 10 * time.Second, scenarioTimeout: 30 * time.Second, extra: runExtras{failOn: "any", noLoginCheck: true}})
	}
	start := time.Now()
	err = run(false)
	if exitCodeOf(err) != 2 || !strings.Contains(err.Error(), "--force") || time.Since(start) > time.Second {
		t.Errorf("existing folder without --force: %v after %s, want exit 2 naming --force at once", err, time.Since(start))
	}
	if got := readFile(t, filepath.Join(out, reports.ResultsFile)); got != `{"earlier": true}` {
		t.Error("the earlier report was touched")
	}
	if err := run(true); exitCodeOf(err) != 0 {
		t.Fatalf("--force: %v", err)
	}
	if got := readFile(t, filepath.Join(out, reports.ResultsFile)); !strings.Contains(got, `"scenarios"`) {
		t.Error("--force did not write the reports")
	}
}

// TestDefaultOutIsFresh: two runs in the same second get two folders.
func TestDefaultOutIsFresh(t *testing.T) {
	t.Chdir(t.TempDir())
	a, err := prepareReportDir("", false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := prepareReportDir("", false)
	if err != nil {
		t.Fatal(err)
	}
	if a.path == b.path {
		t.Errorf("both runs write to %s", a.path)
	}
}

// TestHostileFilesAreRefusedAtOnce names /dev/zero, a FIFO nobody writes
// to and a 1 GiB sparse file as the target file, a secret, the CA bundle
// and the client key: each run ends with exit 2 and one line within a
// second, and toets never grows past 100 MB.
func TestHostileFilesAreRefusedAtOnce(t *testing.T) {
	bin := buildToets(t)
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
	os.WriteFile(filepath.Join(dir, "small.pem"), []byte("small"), 0o600)
	targetWith := func(name, extra, password string) string {
		path := filepath.Join(dir, name+".yaml")
		os.WriteFile(path, []byte(`name: hostile
profile: oauth2
issuer: https://127.0.0.1:1
resource: {url: https://127.0.0.1:1/r}
clients:
  - {name: one, client_id: c, auth_method: none, redirect_uri: https://client.toets.invalid/cb}
users:
  - {name: alice, username: alice, password: "`+password+`", has_data: true}
scopes: {granted: s}
`+extra), 0o600)
		return path
	}
	for _, bad := range []string{"/dev/zero", fifo, sparse} {
		cases := []struct{ what, target string }{
			{"target file", bad},
			{"users[0].password", targetWith("secret", "", "file:"+bad)},
			{"tls.ca_file", targetWith("ca", "tls: {ca_file: "+bad+"}\n", "pw")},
			{"tls.client_key", targetWith("key", "tls: {client_cert: small.pem, client_key: "+bad+"}\n", "pw")},
		}
		for _, c := range cases {
			r := runToets(t, bin, nil, "run", "--target", c.target, "--out", filepath.Join(dir, "out"))
			if r.code != 2 || r.took > time.Second || r.maxRSS > 100<<10 {
				t.Errorf("%s on %s: exit %d after %s, max RSS %d MiB; want exit 2 within a second under 100 MB", c.what, bad, r.code, r.took, r.maxRSS>>10)
			}
			r.oneLine(t, c.what)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "out")); len(entries) > 0 {
		t.Errorf("a refused run left reports behind: %v", entries)
	}
}

// interruptedReports checks what an interrupted run wrote: results.json
// and junit.xml say interrupted and the exit code the process had.
func interruptedReports(t *testing.T, out string, code int) {
	t.Helper()
	var res struct {
		Interrupted bool `json:"interrupted"`
		ExitCode    int  `json:"exitCode"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, reports.ResultsFile))), &res); err != nil || !res.Interrupted || res.ExitCode != code {
		t.Errorf("results.json: %+v (%v), want interrupted with exitCode %d", res, err, code)
	}
	junit := readFile(t, filepath.Join(out, reports.JUnitFile))
	for _, want := range []string{`<property name="interrupted"`, fmt.Sprintf(`<property name="exitCode" value="%d">`, code), `type="interrupted"`} {
		if !strings.Contains(junit, want) {
			t.Errorf("junit.xml lacks %s", want)
		}
	}
	var suites struct {
		Errors int `xml:"errors,attr"`
	}
	if err := xml.Unmarshal([]byte(junit), &suites); err != nil || suites.Errors == 0 {
		t.Errorf("junit.xml counts no error (%v): a CI tool would show the interrupted run green", err)
	}
}
