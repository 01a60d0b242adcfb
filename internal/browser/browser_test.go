package browser

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/toets/toets/internal/agent"
	"github.com/toets/toets/internal/owneddir"
)

const callbackURL = "https://client.toets.invalid/cb"

// shared is one browser for most tests, as in a real run.
var shared *Browser

func TestMain(m *testing.M) {
	shared = New(Options{})
	code := m.Run()
	_ = shared.Close()
	os.Exit(code)
}

func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := findBin(""); err != nil {
		t.Skip(err)
	}
}

// demoServer is a minimal authorization server front end: a login form that
// posts to a consent page whose button redirects (302) to the client.
type demoServer struct {
	URL   string
	hits  sync.Map // path -> *atomic.Int32
	close func()
}

func (d *demoServer) count(path string) int32 {
	if v, ok := d.hits.Load(path); ok {
		return v.(*atomic.Int32).Load()
	}
	return 0
}

const loginForm = `<form method="post" action="/consent">
 <label>Gebruikersnaam <input id="username" name="username"></label>
 <label>Wachtwoord <input id="password" name="password" type="password"></label>
 <button id="login" type="submit">Inloggen</button>
</form>`

func startDemo(t testing.TB) *demoServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &demoServer{URL: "http://" + ln.Addr().String()}
	page := func(w http.ResponseWriter, title, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1>%s</body></html>`, title, title, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		page(w, "Inloggen", loginForm)
	})
	mux.HandleFunc("/js-login", func(w http.ResponseWriter, r *http.Request) {
		page(w, "Inloggen", `<div id="app">laden...</div><script>
setTimeout(() => { document.getElementById('app').innerHTML = `+"`"+loginForm+"`"+`; }, 200);
</script>`)
	})
	mux.HandleFunc("/consent", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.FormValue("username") != "jan" || r.FormValue("password") != "geheim-42" {
			w.WriteHeader(http.StatusUnauthorized)
			page(w, "Inloggen mislukt", `<p class="error">bad credentials</p>`+loginForm)
			return
		}
		page(w, "Toestemming", `<p>Wilt u de app toegang geven?</p>
<form method="post" action="/approve"><button id="approve" type="submit">Toestaan</button></form>`)
	})
	mux.HandleFunc("/approve", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, callbackURL+"?code=abc&state=xyz", http.StatusFound)
	})
	mux.HandleFunc("/widgets", func(w http.ResponseWriter, r *http.Request) {
		page(w, "Widgets", `<form method="get" action="/approve">
 <select id="lang" name="lang"><option value="nl">Nederlands</option><option value="en">English</option></select>
 <input id="q" name="q">
 <div id="hidden" style="display:none">verborgen</div>
 <a href="/login">Naar inloggen</a>
</form>`)
	})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := d.hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
		v.(*atomic.Int32).Add(1)
		mux.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	d.close = func() { _ = srv.Close() }
	t.Cleanup(d.close)
	return d
}

var loginScript = []Action{
	{Do: "fill", Target: Selector{CSS: "#username"}, Value: "{username}"},
	{Do: "fill", Target: Selector{CSS: "#password"}, Value: "{password}"},
	{Do: "click", Target: Selector{CSS: "#login"}},
	{Match: "*/consent", Do: "click", Target: Selector{Text: "Toestaan"}},
}

var user = map[string]string{"username": "jan", "password": "geheim-42"}

func newSession(t *testing.T, b *Browser, prefixes ...string) *Session {
	t.Helper()
	needBrowser(t)
	if len(prefixes) == 0 {
		prefixes = []string{callbackURL}
	}
	s, err := b.Session(context.Background(), prefixes)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestFlowReachesCallback(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(ctx, loginScript, user); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Scheme + "://" + cb.Host + cb.Path; got != callbackURL {
		t.Errorf("callback = %s, want prefix %s", cb, callbackURL)
	}
	if q := cb.Query(); q.Get("code") != "abc" || q.Get("state") != "xyz" {
		t.Errorf("callback query = %q, want code=abc&state=xyz", cb.RawQuery)
	}
	if u, ok := s.Reached(); !ok || u.String() != cb.String() {
		t.Errorf("Reached() = %v, %v", u, ok)
	}
	if d.count("/consent") != 1 || d.count("/approve") != 1 {
		t.Errorf("server saw /consent %d times and /approve %d times, want once each", d.count("/consent"), d.count("/approve"))
	}

	shots := s.Shots()
	var captions []string
	for _, sh := range shots {
		captions = append(captions, sh.Caption)
		if !bytes.HasPrefix(sh.PNG, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("shot %q is not a PNG", sh.Caption)
		}
		if strings.Contains(sh.Caption, "geheim-42") {
			t.Errorf("caption leaks the password: %q", sh.Caption)
		}
	}
	t.Logf("captions: %q", captions)
	t.Logf("log: %q", s.Log())
	// The callback page is toets's own stand-in, so it is not shot.
	want := []string{"before step 1 (fill #username)", "before step 4 (click text \"Toestaan\")"}
	if len(shots) != len(want) {
		t.Fatalf("got %d shots %q, want %d (login, consent)", len(shots), captions, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(shots[i].Caption, w) {
			t.Errorf("shot %d caption = %q, want prefix %q", i, shots[i].Caption, w)
		}
	}
}

func TestCallbackNeverReachesNetwork(t *testing.T) {
	// The redirect URI is a real server here: interception must keep the
	// browser's request away from it.
	d := startDemo(t)
	client := startDemo(t)
	s := newSession(t, shared, client.URL+"/cb")
	ctx := context.Background()
	if err := s.Navigate(ctx, client.URL+"/cb?code=1#frag=2"); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Query().Get("code") != "1" || cb.Fragment != "frag=2" {
		t.Errorf("callback = %s, want code=1 and fragment frag=2 (implicit-style responses)", cb)
	}
	text, err := s.Text(ctx)
	if err != nil || !strings.Contains(text, "callback reached") {
		t.Errorf("Text() = %q, %v", text, err)
	}
	_ = s.Close()
	if n := client.count("/cb"); n != 0 {
		t.Errorf("the client's callback endpoint was hit %d times", n)
	}
	_ = d
}

func TestWrongSelectorFailsWithinTimeout(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	script := []Action{
		{Do: "fill", Target: Selector{CSS: "#username"}, Value: "{username}"},
		{Do: "fill", Target: Selector{CSS: "#pass"}, Value: "{password}", Timeout: time.Second},
	}
	start := time.Now()
	err := s.Run(ctx, script, user)
	took := time.Since(start)
	if err == nil {
		t.Fatal("Run succeeded with a selector that does not exist")
	}
	t.Logf("error after %s: %v", took.Round(time.Millisecond), err)
	var se *StepError
	if !errors.As(err, &se) || se.Step != 2 || !se.Timeout {
		t.Errorf("error = %#v, want a timed-out StepError for step 2", err)
	}
	for _, want := range []string{"login script step 2 (fill #pass)", "not found within 1s", d.URL + "/login", "target file"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "geheim-42") {
		t.Error("error leaks the password")
	}
	if took < time.Second || took > 3*time.Second {
		t.Errorf("failing took %s, want about the 1s timeout", took)
	}
	shots := s.Shots()
	if len(shots) == 0 || !strings.HasPrefix(shots[len(shots)-1].Caption, "step 2 failed") {
		t.Errorf("no failure screenshot: %d shots", len(shots))
	}
}

// Login and consent pages often share a selector. After the first click the
// old page is still shown until the next one commits; the agent must not
// find (and click) the old button again.
func TestSameSelectorOnConsecutivePages(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	submit := Selector{CSS: "button[type=submit]"}
	script := []Action{loginScript[0], loginScript[1], {Do: "click", Target: submit}, {Do: "click", Target: submit}}
	if err := s.Run(ctx, script, user); err != nil {
		t.Fatal(err)
	}
	// The last click navigates to the callback, and Run waits for the
	// navigations its clicks start; clicking the stale login button instead
	// would leave the callback unreached here.
	if _, ok := s.Reached(); !ok {
		t.Fatalf("callback not reached when Run returned; log: %q", s.Log())
	}
	if d.count("/consent") != 1 || d.count("/approve") != 1 {
		t.Errorf("server saw /consent %d times and /approve %d times, want once each", d.count("/consent"), d.count("/approve"))
	}
}

func TestInvalidSelectorFailsFast(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := s.Run(ctx, []Action{{Do: "click", Target: Selector{CSS: "#login["}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "invalid selector") {
		t.Fatalf("err = %v, want invalid selector", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("an invalid selector took %s to report", took)
	}
}

func TestOptionalStepsSkip(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	script := append([]Action{
		{Do: "click", Target: Selector{CSS: "#cookie-banner button"}, Optional: true, Timeout: 300 * time.Millisecond},
		{Match: "*/nowhere", Do: "wait", Target: Selector{CSS: "body"}, Optional: true, Timeout: 300 * time.Millisecond},
	}, loginScript...)
	// A step after the callback: Run must stop instead of waiting for it.
	script = append(script, Action{Do: "click", Target: Selector{CSS: "#never"}})
	start := time.Now()
	if err := s.Run(ctx, script, user); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Reached(); !ok {
		t.Fatal("callback not reached")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("run took %s", took)
	}
	log := strings.Join(s.Log(), "\n")
	if !strings.Contains(log, "step 1 (click #cookie-banner button): skipped") || !strings.Contains(log, "step 2 (wait body): skipped") {
		t.Errorf("log does not show the skipped steps:\n%s", log)
	}
}

func TestJSRenderedForm(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/js-login"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Run(ctx, loginScript, user); err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil || cb.Query().Get("code") != "abc" {
		t.Fatalf("callback %v, %v", cb, err)
	}
	t.Logf("JS-rendered flow (form appears after 200ms) took %s", time.Since(start).Round(time.Millisecond))
}

func TestWrongPasswordStaysOnErrorPage(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	err := s.Run(ctx, loginScript[:3], map[string]string{"username": "jan", "password": "fout"})
	if err != nil {
		t.Fatal(err)
	}
	text, err := s.Text(ctx)
	if err != nil || !strings.Contains(text, "bad credentials") {
		t.Errorf("Text() = %q, %v", text, err)
	}
	if ok, err := s.Has(ctx, Selector{CSS: ".error"}); err != nil || !ok {
		t.Errorf("Has(.error) = %v, %v", ok, err)
	}
	if ok, err := s.Has(ctx, Selector{CSS: "#approve"}); err != nil || ok {
		t.Errorf("Has(#approve) = %v, %v", ok, err)
	}
	shots := s.Shots()
	last := shots[len(shots)-1]
	if !strings.Contains(last.Caption, "final page") || !strings.HasSuffix(last.URL, "/consent") {
		t.Errorf("last shot %q on %s, want the final error page", last.Caption, last.URL)
	}
	if strings.Contains(last.Caption, "fout") {
		t.Errorf("caption leaks the password: %q", last.Caption)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := s.Callback(short); err == nil || !strings.Contains(err.Error(), "was not reached") || !strings.Contains(err.Error(), "/consent") {
		t.Errorf("Callback() error = %v, want 'not reached' on /consent", err)
	}
	if _, ok := s.Reached(); ok {
		t.Error("Reached() without a callback")
	}
}

func TestSelectPressAndHas(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/widgets"); err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[Selector]bool{
		{CSS: "#lang"}:                      true,
		{XPath: "//select[@name='lang']"}:   true,
		{Text: "Naar inloggen"}:             true,
		{CSS: "#hidden"}:                    false, // present but not rendered
		{Text: "verborgen"}:                 false,
		{CSS: "#nothing"}:                   false,
		{XPath: "//a[contains(., 'Naar')]"}: true,
	} {
		if got, err := s.Has(ctx, sel); err != nil || got != want {
			t.Errorf("Has(%s) = %v, %v; want %v", sel, got, err, want)
		}
	}
	if _, err := s.Has(ctx, Selector{}); err == nil {
		t.Error("Has accepted an empty selector")
	}
	err := s.Run(ctx, []Action{
		{Do: "select", Target: Selector{CSS: "#lang"}, Value: "English"},
		{Do: "fill", Target: Selector{CSS: "#q"}, Value: "zoek"},
		{Do: "press", Target: Selector{CSS: "#q"}, Value: "Enter"}, // submits the GET form to /approve -> callback
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := s.Callback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.count("/approve") != 1 {
		t.Errorf("/approve hit %d times", d.count("/approve"))
	}
	_ = cb

	// Once the callback is reached, Run stops at once: no step runs, and the
	// callback page is not screenshotted twice.
	n := len(s.Shots())
	err = s.Run(ctx, []Action{{Do: "select", Target: Selector{CSS: "#lang"}, Value: "Deutsch"}}, nil)
	if err != nil || len(s.Shots()) != n {
		t.Errorf("Run after the callback: %v, %d shots (was %d)", err, len(s.Shots()), n)
	}
}

func TestSelectUnknownOption(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/widgets"); err != nil {
		t.Fatal(err)
	}
	err := s.Run(ctx, []Action{{Do: "select", Target: Selector{CSS: "#lang"}, Value: "Deutsch"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "Nederlands | English") {
		t.Errorf("err = %v, want the available options listed", err)
	}
}

func TestSessionsAreIsolated(t *testing.T) {
	d := startDemo(t)
	ctx := context.Background()
	a, b := newSession(t, shared), newSession(t, shared)
	for _, s := range []*Session{a, b} {
		if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.evaluate(ctx, `document.cookie = "sid=1; path=/"`, true); err != nil {
		t.Fatal(err)
	}
	got, err := b.evaluate(ctx, `document.cookie`, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Value.Str() != "" {
		t.Errorf("session b sees cookie %q set by session a", got.Value.Str())
	}
}

func TestCloseLeavesNothing(t *testing.T) {
	needBrowser(t)
	b := New(Options{ActionTimeout: 5 * time.Second})
	if b.Started() || b.PIDs() != nil {
		t.Fatal("New must not launch")
	}
	if err := New(Options{}).Close(); err != nil {
		t.Errorf("Close of a never launched browser: %v", err)
	}

	// Two first sessions at once must share one launch.
	var wg sync.WaitGroup
	sessions := make([]*Session, 2)
	errs := make([]error, 2)
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sessions[i], errs[i] = b.Session(context.Background(), []string{callbackURL})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	dir := b.ProfileDir()
	if !b.Started() || dir == "" || len(b.PIDs()) == 0 {
		t.Fatalf("not started: %v %q %v", b.Started(), dir, b.PIDs())
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("launch took %s; %d chromium processes", b.StartDuration().Round(time.Millisecond), len(b.PIDs()))
	_ = sessions[0].Close()

	start := time.Now()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("close took %s", time.Since(start).Round(time.Millisecond))
	if pids := b.PIDs(); len(pids) != 0 {
		t.Errorf("chromium processes left after Close: %v", pids)
	}
	if left := procsMentioning(dir); len(left) != 0 {
		t.Errorf("processes with the profile dir in their command line: %v", left)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile dir %s still exists: %v", dir, err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := sessions[1].Close(); err != nil {
		t.Errorf("closing a session after its browser: %v", err)
	}
	if _, err := b.Session(context.Background(), nil); err == nil {
		t.Error("Session after Close succeeded")
	}
}

// procsMentioning scans /proc independently of the code under test.
func procsMentioning(dir string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		cmd, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && bytes.Contains(cmd, []byte(dir)) {
			out = append(out, e.Name()+": "+strings.ReplaceAll(string(cmd), "\x00", " "))
		}
	}
	return out
}

// TestKill9LeavesNoChromium runs a copy of this test binary that opens a
// session and then gets SIGKILLed, as a crashed or killed toets would be. No
// Chromium may survive it (Pdeathsig), and the next launch removes the
// profile dir it left behind.
func TestKill9LeavesNoChromium(t *testing.T) {
	if os.Getenv("TOETS_BROWSER_KILL_CHILD") == "1" {
		b := New(Options{})
		if _, err := b.Session(context.Background(), nil); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("profile:", b.ProfileDir())
		time.Sleep(time.Minute) // the parent kills us long before
		os.Exit(1)
	}
	needBrowser(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9LeavesNoChromium$")
	cmd.Env = append(os.Environ(), "TOETS_BROWSER_KILL_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	dir, ok := strings.CutPrefix(strings.TrimSpace(line), "profile: ")
	if err != nil || !ok || dir == "" {
		_ = cmd.Process.Kill()
		t.Fatalf("child said %q, %v", line, err)
	}
	if len(procsMentioning(dir)) == 0 {
		t.Fatal("child's chromium not found before the kill")
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for len(procsMentioning(dir)) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if left := procsMentioning(dir); len(left) > 0 {
		t.Errorf("chromium survived kill -9 of its parent: %v", left)
	}
	removeStaleProfiles()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale profile %s not removed: %v", dir, err)
		_ = os.RemoveAll(dir)
	}
}

// TestStaleProfilesRemoved: a profile dir is removed when its marker names
// a dead process; one of a live process, and one that only has the name
// (no marker), are left alone.
func TestStaleProfilesRemoved(t *testing.T) {
	dead := 1 << 22 // above the default pid_max, so no process has it
	mk := func(pid int, marked bool) string {
		dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-*", profilePrefix, pid))
		if err != nil {
			t.Fatal(err)
		}
		if marked {
			os.WriteFile(filepath.Join(dir, owneddir.Marker), fmt.Appendf(nil, "pid %d\n", pid), 0o600)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	stale, foreign, live := mk(dead, true), mk(dead, false), mk(os.Getpid(), true)
	removeStaleProfiles()
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale dir %s kept", stale)
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Errorf("a dir without the marker removed: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("dir of a live process removed: %v", err)
	}
}

func TestNoBrowser(t *testing.T) {
	b := New(Options{Bin: "/nonexistent/chromium"})
	defer b.Close()
	_, err := b.Session(context.Background(), nil)
	if !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), "apt-get install") {
		t.Errorf("err = %v, want ErrNoBrowser with install hint", err)
	}
	if b.Started() {
		t.Error("Started after a failed launch")
	}
}

func TestPrepare(t *testing.T) {
	css := Selector{CSS: "#x"}
	for _, tc := range []struct {
		name   string
		action Action
		want   string // "" = valid
	}{
		{"fill ok", Action{Do: "fill", Target: css, Value: "{username}"}, ""},
		{"unknown action", Action{Do: "clik", Target: css}, `unknown action "clik"`},
		{"missing var", Action{Do: "fill", Target: css, Value: "{usrname}"}, "{usrname} but no such variable is set (known: password, username)"},
		{"no selector", Action{Do: "click"}, "exactly one of CSS, XPath, Text (got 0)"},
		{"two selectors", Action{Do: "click", Target: Selector{CSS: "a", Text: "b"}}, "(got 2)"},
		{"bad key", Action{Do: "press", Value: "Hyper"}, `unknown key "Hyper"`},
		{"press char", Action{Do: "press", Value: "a"}, ""},
		{"wait_url needs pattern", Action{Do: "wait_url"}, "needs a URL pattern"},
		{"wait_url from match", Action{Do: "wait_url", Match: "*/cb*"}, ""},
		{"negative timeout", Action{Do: "wait", Target: css, Timeout: -1}, "negative timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := prepare([]Action{tc.action}, user)
			if tc.want == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "login script step 1") {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	_, secrets, err := prepare(loginScript, user)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(secrets)
	if strings.Join(secrets, ",") != "geheim-42,jan" {
		t.Errorf("secrets = %q", secrets)
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		glob, url string
		want      bool
	}{
		{"*/consent", "http://127.0.0.1:1/consent", true},
		{"*/consent", "http://127.0.0.1:1/consent?x=1", false},
		{"*/consent*", "http://127.0.0.1:1/consent?x=1", true},
		{"https://*/login?*", "https://as.example/a/b/login?client_id=1", true},
		{"https://as.example/login", "https://asXexample/login", false}, // '.' is literal
		{"*", "", true},
	} {
		if got := agent.GlobRegexp(tc.glob).MatchString(tc.url); got != tc.want {
			t.Errorf("glob %q on %q = %v, want %v", tc.glob, tc.url, got, tc.want)
		}
	}
	if got := fetchPattern(`https://c.example/cb?x=*`); got != `https://c.example/cb\?x=\**` {
		t.Errorf("fetchPattern = %s", got)
	}
}

// TestMeasure reports the numbers the project tracks: launch time and, over
// ten warm login+consent flows, the medians of opening a session, of the
// flow itself (navigate to the login page until the callback is captured,
// three screenshots included) and of closing the session; with the request
// guard's proxy (as always in a run) and without it, for its cost.
func TestMeasure(t *testing.T) {
	needBrowser(t)
	d := startDemo(t)
	t.Run("guarded", func(t *testing.T) { measure(t, d, Options{}) })
	t.Run("without proxy", func(t *testing.T) { measure(t, d, Options{noProxy: true}) })
}

func measure(t *testing.T, d *demoServer, opts Options) {
	b := New(opts)
	defer b.Close()
	ctx := context.Background()
	type times struct{ open, flow, close, total time.Duration }
	run := func() (tm times, err error) {
		t0 := time.Now()
		s, err := b.Session(ctx, []string{callbackURL})
		if err != nil {
			return tm, err
		}
		defer s.Close()
		s.Guard([]string{strings.TrimPrefix(d.URL, "http://")})
		t1 := time.Now()
		if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
			return tm, err
		}
		if err := s.Run(ctx, loginScript, user); err != nil {
			return tm, err
		}
		if _, err := s.Callback(ctx); err != nil {
			return tm, err
		}
		t2 := time.Now()
		if err := s.Close(); err != nil {
			return tm, err
		}
		t3 := time.Now()
		return times{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t3.Sub(t0)}, nil
	}
	first, err := run()
	if err != nil {
		t.Fatal(err)
	}
	var all []times
	for range 10 {
		// A pause like a scenario's other steps; it lets the spare session
		// open in the background, as it would in a real run.
		time.Sleep(300 * time.Millisecond)
		tm, err := run()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tm)
	}
	median := func(f func(times) time.Duration) time.Duration {
		v := make([]time.Duration, len(all))
		for i, tm := range all {
			v[i] = f(tm)
		}
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		return v[len(v)/2].Round(time.Millisecond)
	}
	t.Logf("launch %s; first flow incl. launch %s", b.StartDuration().Round(time.Millisecond), first.total.Round(time.Millisecond))
	t.Logf("warm medians: open session %s, flow (navigate..callback) %s, close %s, total %s",
		median(func(tm times) time.Duration { return tm.open }), median(func(tm times) time.Duration { return tm.flow }),
		median(func(tm times) time.Duration { return tm.close }), median(func(tm times) time.Duration { return tm.total }))
}

func TestDocumentHeader(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	if err := s.Navigate(context.Background(), d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	if got := s.DocumentHeader(context.Background()).Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type of the login page = %q", got)
	}
}

// TestReusedSessionStartsClean: a closed session is reset and handed out
// again; the next scenario must find nothing of the last one: no cookie, no
// storage, no callback, no screenshots, no interception of the old prefixes.
func TestReusedSessionStartsClean(t *testing.T) {
	needBrowser(t)
	d := startDemo(t)
	b := New(Options{})
	defer b.Close()
	ctx := context.Background()
	first, err := b.Session(ctx, []string{callbackURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	if _, err := first.evaluate(ctx, `document.cookie = "sid=1; path=/"; localStorage.setItem("k", "v"); sessionStorage.setItem("s", "v"); 0`, true); err != nil {
		t.Fatal(err)
	}
	if err := first.Run(ctx, loginScript, user); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Callback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second, err := b.Session(ctx, []string{"https://other.toets.invalid/cb"})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if second != first {
		t.Log("the closed session was not reused (a spare was already waiting); nothing to check")
		return
	}
	if _, ok := second.Reached(); ok || len(second.Shots()) != 0 || len(second.Log()) != 0 || second.URL() != "about:blank" {
		t.Fatalf("state left over: reached %v, %d shots, log %q, url %s", ok, len(second.Shots()), second.Log(), second.URL())
	}
	if err := second.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	got, err := second.evaluate(ctx, `document.cookie + "|" + (localStorage.getItem("k") || "") + "|" + (sessionStorage.getItem("s") || "")`, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Value.Str() != "||" {
		t.Errorf("the reused session sees the last scenario's cookie or storage: %q", got.Value.Str())
	}
	// The old redirect URI is no longer intercepted: the browser goes
	// there (a .invalid host, so it fails to load), and it is not the
	// callback of this session.
	_ = second.Navigate(ctx, callbackURL+"?code=old")
	if _, ok := second.Reached(); ok {
		t.Error("the reused session still intercepts the last scenario's redirect URI")
	}
}

// TestReusedSessionClosesPopups: a page the last scenario opened with
// window.open does not survive into the next one.
func TestReusedSessionClosesPopups(t *testing.T) {
	needBrowser(t)
	d := startDemo(t)
	b := New(Options{})
	defer b.Close()
	ctx := context.Background()
	first, err := b.Session(ctx, []string{callbackURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	if _, err := first.evaluate(ctx, `window.open("/widgets"); 0`, true); err != nil {
		t.Fatal(err)
	}
	contextID := first.inc.BrowserContextID
	pages := func() int {
		res, err := proto.TargetGetTargets{}.Call(b.rod)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ti := range res.TargetInfos {
			if ti.BrowserContextID == contextID && ti.Type == proto.TargetTargetInfoTypePage {
				n++
			}
		}
		return n
	}
	if n := pages(); n < 2 {
		t.Skipf("the popup did not open (%d page in the context); nothing to check", n)
	}
	_ = first.Close()
	second, err := b.Session(ctx, []string{callbackURL})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if second != first {
		t.Skip("the closed session was not reused; nothing to check")
	}
	// Closing a target is acknowledged before it is gone from the list.
	deadline := time.Now().Add(2 * time.Second)
	n := pages()
	for n != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		n = pages()
	}
	if n != 1 {
		t.Errorf("%d pages in the reused context, want 1", n)
	}
}

// TestConcurrentSessionsShareOneSpare: when several scenarios ask for a
// session while one spare is on its way, one gets the spare and the others
// open their own at once, instead of waiting for a spare nobody brings.
func TestConcurrentSessionsShareOneSpare(t *testing.T) {
	needBrowser(t)
	b := New(Options{})
	defer b.Close()
	first, err := b.Session(context.Background(), []string{callbackURL})
	if err != nil {
		t.Fatal(err)
	}
	_ = first.Close() // becomes the spare
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	sessions := make([]*Session, 3)
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sessions[i], errs[i] = b.Session(ctx, []string{callbackURL})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("session %d: %v", i, err)
		} else {
			defer sessions[i].Close()
		}
	}
}
