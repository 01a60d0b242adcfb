// Package browser is toets' browser agent: it drives a real headless Chromium
// through a user's login and consent, and captures where the authorization
// server finally sends the browser (the client's redirect URI) without that
// request ever reaching the network.
//
// The package knows nothing of godog, OAuth rules or reports. It offers one
// shared Chromium process per run (Browser, launched lazily), one isolated
// incognito context with one page per scenario (Session), a small scripted
// agent that fills and clicks what the target file describes (Run, Action),
// and screenshots of every page the user saw as evidence (Shot).
//
// Rules that shaped it (see /work/shared/reference/toolchain.md):
//   - rod must never download a browser: we always start a binary found on
//     disk ourselves and hand rod only a control URL.
//   - no Chromium may outlive toets: the process gets its own process group
//     and Pdeathsig, and Close kills the whole group and removes the profile.
//   - every wait is bounded, because rod's element queries retry forever.
//   - a test user's credentials go only to hosts the target file names:
//     nothing is typed into other hosts' pages, and once something was typed,
//     the session's own proxy lets no request leave for them (guard.go).
package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"

	"github.com/toets/toets/internal/owneddir"
)

// ErrNoBrowser means no Chromium binary was found. toets never downloads one:
// a harness that silently fetches a browser from the internet is neither
// reproducible nor usable offline.
var ErrNoBrowser = errors.New("no Chromium browser found: install with " +
	"`apt-get install -y --no-install-recommends chromium fonts-liberation` or pass --browser PATH")

// Options configures a Browser.
type Options struct {
	// Bin is an explicit path to a Chromium/Chrome binary (--browser). Empty:
	// chromium, chromium-browser or google-chrome is looked up on PATH and in
	// the usual install locations. A browser is never downloaded.
	Bin string
	// ActionTimeout bounds each wait and action; 0 means DefaultActionTimeout.
	ActionTimeout time.Duration
	// TrustedCAs are PEM certificates of private CAs (the target file's
	// tls.ca_file, the reference server's throwaway CA) whose servers the
	// browser accepts. Chromium has no flag for a CA file; it is told to
	// accept chains that contain one of these public keys instead.
	TrustedCAs [][]byte
	// TrustedLeaves, when set, is asked at launch for further certificates
	// to accept by key: the verified leaves of the target's named hosts
	// (tlsprobe.TrustedLeaves). A server that sends only its leaf presents
	// no certificate with a CA's key, so TrustedCAs alone would make
	// Chromium refuse what the target file trusts.
	TrustedLeaves func(context.Context) [][]byte

	// noProxy opens sessions without the request guard's proxy; only for
	// measuring what the proxy costs (TestMeasure).
	noProxy bool
}

// DefaultActionTimeout is used when Options.ActionTimeout is zero. Login pages
// of real servers answer in well under a second; ten seconds leaves room for a
// slow test environment without making a wrong selector cost minutes.
const DefaultActionTimeout = 10 * time.Second

const (
	// launchTimeout bounds starting Chromium and connecting to it. A cold
	// start measured 1.3 s here; a much slower one means something is broken.
	launchTimeout = 30 * time.Second
	// closeGrace is how long Close lets Chromium shut down politely before
	// the whole process group is killed.
	closeGrace = 3 * time.Second
	// profilePrefix names profile dirs "toets-chromium-<pid>-*" so a later
	// run can recognise and delete the leftovers of a run that was killed.
	profilePrefix = "toets-chromium-"
)

// Browser is one Chromium process shared by all sessions of a run. It is
// launched by the first Session call, not by New, so runs that need no
// browser never start one. All methods are safe for concurrent use.
type Browser struct {
	opts Options

	mu        sync.Mutex
	launched  bool
	closed    bool
	launchErr error // sticky for failures that a retry cannot fix

	rod        *rod.Browser
	cancel     context.CancelFunc // ends rod's event loop
	pid        int                // chromium's pid == its process group id
	exited     chan struct{}      // closed once chromium has been reaped
	profileDir string
	startDur   time.Duration

	spare  chan spareResult // pre-opened sessions (see Session); spares counts the unclaimed ones
	spares int              // spares being opened or waiting in spare
	done   chan struct{}    // closed by Close
	// disposals are the resets and disposals of closed sessions running
	// in the background (Browser.background); Close waits for them.
	disposals sync.WaitGroup
}

// New returns a Browser that launches Chromium on first use.
func New(opts Options) *Browser {
	if opts.ActionTimeout <= 0 {
		opts.ActionTimeout = DefaultActionTimeout
	}
	return &Browser{opts: opts, spare: make(chan spareResult, spareBuffer), done: make(chan struct{})}
}

// Started reports whether Chromium has been launched (and not yet closed).
func (b *Browser) Started() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.launched && !b.closed
}

// StartDuration is how long launching Chromium and connecting to it took.
func (b *Browser) StartDuration() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.startDur
}

// ProfileDir is the temporary Chromium profile directory of this browser, or
// "" before launch. It stays known after Close so tests can check that it is
// gone.
func (b *Browser) ProfileDir() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.profileDir
}

// PIDs lists the live (non-zombie) processes that belong to this browser:
// members of Chromium's process group plus any process whose command line
// mentions the profile directory (crashpad runs in a group of its own). After
// Close it must be empty; tests use it to prove no Chromium was left behind.
func (b *Browser) PIDs() []int {
	b.mu.Lock()
	pgid, dir := b.pid, b.profileDir
	b.mu.Unlock()
	if pgid == 0 && dir == "" {
		return nil
	}
	return processesOf(pgid, dir)
}

// findBin resolves the browser binary without ever falling back to rod's
// downloader.
func findBin(explicit string) (string, error) {
	if explicit != "" {
		p, err := exec.LookPath(explicit)
		if err != nil {
			return "", fmt.Errorf("%w (--browser %q: %v)", ErrNoBrowser, explicit, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	// launcher.LookPath only searches well-known paths; unlike launcher.New()
	// with an empty Bin it does not download.
	if p, ok := launcher.LookPath(); ok {
		return p, nil
	}
	return "", ErrNoBrowser
}

// connect returns the rod browser, launching Chromium on the first call.
// Holding mu during the launch makes concurrent first sessions wait for the
// one launch instead of starting several browsers.
func (b *Browser) connect(ctx context.Context) (*rod.Browser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return nil, errors.New("browser: already closed")
	case b.launchErr != nil:
		return nil, b.launchErr
	case b.launched:
		select {
		case <-b.exited:
			return nil, errors.New("browser: chromium exited unexpectedly; later scenarios cannot use it")
		default:
		}
		return b.rod, nil
	}
	err := b.launch(ctx)
	if err != nil {
		// A missing binary or a browser that refuses to start will not be
		// fixed by trying again for every scenario; a cancelled ctx might.
		if ctx.Err() == nil {
			b.launchErr = err
		}
		return nil, err
	}
	b.launched = true
	return b.rod, nil
}

// launch starts Chromium itself instead of using launcher.Launch, because
// only exec.Cmd gives us Setpgid + Pdeathsig, which is what guarantees that
// no browser survives a panic or kill -9 of toets.
func (b *Browser) launch(ctx context.Context) (err error) {
	start := time.Now()
	bin, err := findBin(b.opts.Bin)
	if err != nil {
		return err
	}
	removeStaleProfiles()
	dir, err := owneddir.Create(fmt.Sprintf("%s%d-", profilePrefix, os.Getpid()))
	if err != nil {
		return fmt.Errorf("browser: profile dir: %w", err)
	}
	b.profileDir = dir
	defer func() {
		if err != nil {
			_ = os.RemoveAll(dir)
		}
	}()

	l := launcher.New()
	trusted := b.opts.TrustedCAs
	if b.opts.TrustedLeaves != nil {
		trusted = append(append([][]byte(nil), trusted...), b.opts.TrustedLeaves(ctx)...)
	}
	if spki := spkiHashes(trusted); spki != "" {
		l = l.Set("ignore-certificate-errors-spki-list", spki)
	}
	args := l.
		Bin(bin).Leakless(false).Headless(true).
		NoSandbox(true). // toets usually runs as root in containers, where Chromium refuses to start without it
		UserDataDir(dir).
		Set("disable-gpu").
		Set("disable-background-networking").
		Set("disable-component-update").
		Set("disable-sync").
		Set("no-first-run").
		Set("disable-extensions").
		Set("password-store", "basic").
		// Redirect URIs like https://client.toets.invalid/cb are always
		// intercepted; should one slip through, it must fail fast without DNS.
		Set("host-resolver-rules", "MAP *.invalid ~NOTFOUND").
		// WebRTC's UDP does not go through a proxy; without UDP it can
		// only use TCP through the session's proxy, which guards it
		// (proxy.go).
		Set("force-webrtc-ip-handling-policy", "disable_non_proxied_udp").
		// Chromium's own autofill queries to Google go through the
		// session's proxy too; after a fill the guard would list them as
		// stopped requests of the server's page.
		Append("disable-features", "AutofillServerCommunication").
		FormatArgs()

	lctx, cancelLaunch := context.WithTimeout(ctx, launchTimeout)
	defer cancelLaunch()

	parser := launcher.NewURLParser().Context(lctx)
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = parser // Chromium prints its DevTools URL on stderr, among dbus noise
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	exited := make(chan struct{})
	started := make(chan error, 1)
	go func() {
		// Pdeathsig fires when the *thread* that forked Chromium exits, not
		// the process. Go may retire threads, so this goroutine keeps its
		// thread locked, and alive, for as long as Chromium runs.
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			runtime.UnlockOSThread()
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(exited)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("browser: starting %s: %w", bin, err)
	}
	b.pid, b.exited = cmd.Process.Pid, exited
	defer func() {
		if err != nil {
			b.killAndReap()
		}
	}()

	var devtools string
	select {
	case devtools = <-parser.URL:
	case <-exited:
		return fmt.Errorf("browser: %s exited during start: %w", bin, parser.Err())
	case <-lctx.Done():
		return fmt.Errorf("browser: %s did not print its DevTools URL within %s: %w", bin, launchTimeout, lctx.Err())
	}
	wsURL, err := resolveWebSocket(lctx, devtools)
	if err != nil {
		return err
	}
	client, err := cdp.StartWithURL(lctx, wsURL, nil) // lctx bounds the dial only
	if err != nil {
		return fmt.Errorf("browser: connecting to %s: %w", wsURL, err)
	}
	// rod's event loop lives as long as bctx, so bctx must outlive this call;
	// a guard cancels it only if Connect itself hangs.
	bctx, cancel := context.WithCancel(context.Background())
	disarm := guard(lctx, launchTimeout, cancel)
	rb := rod.New().Context(bctx).Client(client).
		Logger(utils.LoggerQuiet).Trace(false).SlowMotion(0).Monitor("").
		// rod's default device would pretend to be Chrome 114 on a Mac with
		// Accept-Language "en"; servers under test should see the real
		// browser. Sessions set the same 1280x800 viewport themselves.
		NoDefaultDevice()
	err = rb.Connect()
	if !disarm() && err == nil {
		err = lctx.Err()
	}
	if err != nil {
		cancel()
		return fmt.Errorf("browser: connecting to chromium: %w", err)
	}
	b.rod, b.cancel = rb, cancel
	b.startDur = time.Since(start)
	return nil
}

// resolveWebSocket asks Chromium for its browser WebSocket URL. It replaces
// launcher.ResolveURL, whose http.Get has no timeout.
func resolveWebSocket(ctx context.Context, devtools string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(devtools, "/")+"/json/version", nil)
	if err != nil {
		return "", err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("browser: asking chromium for its DevTools URL: %w", err)
	}
	defer func() { _ = res.Body.Close() }()
	var v struct {
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<16)).Decode(&v); err != nil || v.WebSocketDebuggerURL == "" {
		return "", fmt.Errorf("browser: unexpected /json/version answer from chromium (status %s): %v", res.Status, err)
	}
	return v.WebSocketDebuggerURL, nil
}

// Close shuts Chromium down: a polite CDP Browser.close, at most closeGrace
// to exit, then SIGKILL to the whole process group, and the profile directory
// is removed. It is idempotent and safe on a browser that never launched.
func (b *Browser) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	close(b.done)
	launched := b.launched
	b.mu.Unlock()
	if !launched {
		return nil
	}
	// Outside the lock: a disposal reads the browser under it.
	b.awaitDisposals()
	b.mu.Lock()
	defer b.mu.Unlock()
	// Spares still being opened stop themselves once they see closed.
	for drained := false; !drained; {
		select {
		case r := <-b.spare:
			if r.s != nil {
				r.s.cancel()
			}
		default:
			drained = true
		}
	}
	if b.rod != nil {
		ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
		_ = proto.BrowserClose{}.Call(b.rod.Context(ctx))
		select {
		case <-b.exited:
		case <-ctx.Done():
		}
		cancel()
		b.cancel()
	}
	b.killAndReap()
	return b.removeProfile()
}

// awaitDisposals waits, at most closeGrace, for the contexts of closed
// sessions to be disposed, so no goroutine outlives the browser.
func (b *Browser) awaitDisposals() {
	done := make(chan struct{})
	go func() { b.disposals.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(closeGrace):
	}
}

// killAndReap kills Chromium's process group (a no-op if it already exited),
// waits until the process is reaped, and then kills stragglers outside the
// group, such as crashpad, which would otherwise keep the profile dir busy.
func (b *Browser) killAndReap() {
	if b.pid == 0 {
		return
	}
	_ = syscall.Kill(-b.pid, syscall.SIGKILL)
	select {
	case <-b.exited:
	case <-time.After(closeGrace):
	}
	deadline := time.Now().Add(closeGrace)
	for {
		left := processesOf(b.pid, b.profileDir)
		if len(left) == 0 || time.Now().After(deadline) {
			return
		}
		for _, pid := range left {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (b *Browser) removeProfile() error {
	if b.profileDir == "" {
		return nil
	}
	if err := os.RemoveAll(b.profileDir); err != nil {
		return fmt.Errorf("browser: removing profile dir: %w", err)
	}
	return nil
}

// removeStaleProfiles deletes profile dirs left behind by toets processes
// that died without Close (kill -9, a second Ctrl-C): the ones holding
// owneddir's marker of a process that is gone, never a folder that only
// looks like one by its name.
func removeStaleProfiles() {
	owneddir.RemoveStale(profilePrefix)
}

// processesOf scans /proc for live processes in process group pgid or whose
// command line contains dir. Zombies are skipped: they hold no resources and
// are reaped by whoever is PID 1.
func processesOf(pgid int, dir string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid pgrp ...
		i := strings.LastIndexByte(string(stat), ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(stat[i+1:]))
		if len(fields) < 3 || fields[0] == "Z" {
			continue
		}
		if pg, _ := strconv.Atoi(fields[2]); pgid > 0 && pg == pgid {
			pids = append(pids, pid)
			continue
		}
		if dir == "" {
			continue
		}
		if cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline")); err == nil &&
			strings.Contains(string(cmdline), dir) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// guard calls cancel when ctx ends or d passes, unless disarmed first. It
// lets a long-lived context (one that owns rod's event loops) bound a single
// setup call. disarm reports whether it won the race, i.e. cancel was not called.
func guard(ctx context.Context, d time.Duration, cancel context.CancelFunc) (disarm func() bool) {
	t := time.AfterFunc(d, cancel)
	stop := context.AfterFunc(ctx, cancel)
	return func() bool {
		a, b := t.Stop(), stop()
		return a && b
	}
}
