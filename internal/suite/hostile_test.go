package suite

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/hostile"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
	"github.com/toets/toets/reports"
)

// Deadlines of the hostile runs: short, so the matrix stays quick, and the
// bound every scenario must respect.
const (
	hostileRequestTimeout  = time.Second
	hostileScenarioTimeout = 5 * time.Second
	// deadlineSlack is what a scenario may take beyond its deadline to
	// close its browser page and record its evidence.
	deadlineSlack = 5 * time.Second
)

// TestHostileServers runs scenarios against servers that misbehave as real
// broken servers do. For each: every scenario ends failed or errored, with a
// message that says what happened, within its deadline; the run finishes
// and every report is written; bodies are read only up to the cap; nothing
// is sent to a host the target file does not name.
func TestHostileServers(t *testing.T) {
	cases := []struct {
		mode hostile.Mode
		tags string
		// says is what the message of every scenario must contain.
		says string
	}{
		{hostile.NoResponse, "@token", "no complete response within"},
		{hostile.HeadersThenSilence, "@token", "no complete response within"},
		{hostile.Trickle, "@token", "no complete response within"},
		{hostile.HugeBody, "@token", "JSON"},
		{hostile.HTMLInsteadOfJSON, "@token", "text/html"},
		{hostile.InvalidJSON, "@token", "JSON"},
		{hostile.DuplicateKeys, "@token", "more than once"},
		{hostile.InvalidUTF8, "@token", "UTF-8"},
		{hostile.RedirectLoop, "@token", "302"},
		{hostile.RedirectElsewhere, "@token", "307"},
		{hostile.ResetConnection, "@token", "no usable response"},
		{hostile.ServerError, "@token", "500"},
		{hostile.FormNeverAppears, "@authorization", "login script"},
		{hostile.JSDialog, "@authorization", "script"},
		{hostile.NavigatesForever, "@authorization", "login script"},
		{hostile.LoginElsewhere, "@authorization", "a host the target file does not name; toets types no credentials there"},
	}
	var br *browser.Browser
	defer func() {
		if br != nil {
			br.Close()
		}
	}()
	for _, c := range cases {
		t.Run(string(c.mode), func(t *testing.T) {
			srv := hostile.Start(c.mode)
			defer srv.Close()
			if br == nil {
				br = browser.New(browser.Options{TrustedCAs: [][]byte{srv.CAPEM()}, ActionTimeout: 2 * time.Second})
				// Start it now: its launch is not what the deadlines bound.
				if s, err := br.Session(context.Background(), nil); err == nil {
					s.Close()
				}
			}
			tgt := hostileTarget(t, srv, "")
			runHostile(t, tgt, br, c.tags, c.says)
		})
	}
	t.Run("tls-handshake-fails", func(t *testing.T) {
		srv := hostile.Start(hostile.ServerError)
		defer srv.Close()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				conn.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS"))
				conn.Close()
			}
		}()
		tgt := hostileTarget(t, srv, "https://"+ln.Addr().String()+"/token")
		runHostile(t, tgt, nil, "@token", "no usable response")
	})
}

// hostileTarget writes a target file for srv; tokenEndpoint overrides the
// token endpoint when not empty.
func hostileTarget(t *testing.T, srv *hostile.Server, tokenEndpoint string) *target.Target {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("ca.pem", srv.CAPEM())
	write("client.secret", []byte("hostile-client-secret-value"))
	write("user.password", []byte("hostile-user-password"))
	yaml := srv.Target("ca.pem")
	if tokenEndpoint != "" {
		yaml += "endpoints: {token: " + tokenEndpoint + "}\n"
	}
	write("target.yaml", []byte(yaml))
	f, err := target.Load(filepath.Join(dir, "target.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := target.Resolve(f, filepath.Join(dir, "target.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tgt
}

func runHostile(t *testing.T, tgt *target.Target, br *browser.Browser, tags, says string) {
	t.Helper()
	run, red, err := runner.Run(context.Background(), runner.Config{
		Target: tgt, Features: os.DirFS("testdata/hostile"), Tags: tags, Browser: br,
		RequestTimeout: hostileRequestTimeout, ScenarioTimeout: hostileScenarioTimeout,
	})
	if err != nil {
		t.Fatalf("the run must go on against a hostile endpoint, got: %v", err)
	}
	if len(run.Scenarios) == 0 {
		t.Fatal("no scenario ran")
	}
	for _, s := range run.Scenarios {
		if s.Verdict != reports.Fail && s.Verdict != reports.Error {
			t.Errorf("%q: verdict %s, want fail or error\n%s", s.Name, s.Verdict, s.Message)
		}
		if !strings.Contains(s.Message, says) {
			t.Errorf("%q: the message should say %q:\n%s", s.Name, says, s.Message)
		}
		if s.Duration > hostileScenarioTimeout+deadlineSlack {
			t.Errorf("%q took %s, past its deadline of %s", s.Name, s.Duration, hostileScenarioTimeout)
		}
		for _, ex := range s.Exchanges {
			if strings.Contains(ex.Request.URL, "hostile.invalid") {
				t.Errorf("%q: a request went to a host the target file does not name: %s", s.Name, ex.Request.URL)
			}
			if ex.Response != nil && int64(len(ex.Response.Body)) > record.DefaultBodyCap {
				t.Errorf("%q: a body of %d bytes was kept; the cap is %d", s.Name, len(ex.Response.Body), record.DefaultBodyCap)
			}
		}
	}
	dir := t.TempDir()
	files, err := reports.WriteAll(dir, run.Redacted(red.String))
	if err != nil || len(files) < 4 {
		t.Fatalf("reports not written: %v %v", files, err)
	}
	assertNoSecrets(t, dir, tgt.Secrets, 2)
}
