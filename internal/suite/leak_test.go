package suite

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// The goroutine-leak check of TestMain. A goroutine that toets started and
// never ended (a server not closed, an event loop of a closed browser
// session, a waiter without a deadline) costs memory in a long run and, worse,
// usually means a scenario's cleanup did not run. After the tests and the
// browser have finished, no goroutine may still run toets code or have been
// started by it.
//
// Hand-written rather than go.uber.org/goleak: goleak fails on every
// goroutine not explicitly ignored (net/http keep-alive loops, rod's and
// godog's internals), while the question here is narrower, "is any of ours
// left?", which goleak's options cannot express.

// modulePrefix marks toets's own frames in a stack dump.
const modulePrefix = "github.com/toets/toets/"

// leakWait bounds how long goroutines get to wind down (a server's Close
// returns before its connection goroutines have all returned).
const leakWait = 5 * time.Second

// goroutinesWith returns, from a runtime.Stack(all) dump, the stacks of the
// goroutines other than the first (the caller's) that mention mark in a
// frame or their "created by" line: modulePrefix finds toets's.
func goroutinesWith(dump, mark string) []string {
	var out []string
	for i, g := range strings.Split(strings.TrimSpace(dump), "\n\n") {
		if i > 0 && strings.Contains(g, mark) {
			out = append(out, g)
		}
	}
	return out
}

func allStacks() string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// leakedGoroutines waits up to wait for the goroutines that mention mark to
// end and returns the stacks of those still there.
func leakedGoroutines(wait time.Duration, mark string) []string {
	deadline := time.Now().Add(wait)
	pause := time.Millisecond
	for {
		left := goroutinesWith(allStacks(), mark)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(pause) // polling: there is no event for "a goroutine ended"
		pause = min(2*pause, 100*time.Millisecond)
	}
}

func TestLeakCheckSeesOurGoroutines(t *testing.T) {
	stop := make(chan struct{})
	started := make(chan struct{})
	go func() {
		close(started)
		<-stop
	}()
	<-started
	// The test's own goroutine is the caller, so only the one it started
	// has this name in a frame.
	const mark = modulePrefix + "internal/suite.TestLeakCheckSeesOurGoroutines.func"
	left, found := leakedGoroutines(0, modulePrefix), 0
	for _, g := range left {
		if strings.Contains(g, mark) {
			found++
		}
	}
	if found != 1 {
		t.Fatalf("the blocked goroutine of this test should be among toets's %d goroutines once, found %d times", len(left), found)
	}
	close(stop)
	if left := leakedGoroutines(leakWait, mark); len(left) > 0 {
		t.Fatalf("an ended goroutine is still reported:\n%s", left[0])
	}
}

func TestToetsGoroutinesSkipsCallerAndOthers(t *testing.T) {
	dump := "goroutine 1 [running]:\nmain.main()\n\t/x/" + modulePrefix + "suite.TestMain()\n\n" +
		"goroutine 7 [IO wait]:\nnet/http.(*persistConn).readLoop()\ncreated by net/http.(*Transport).dialConn\n\n" +
		"goroutine 9 [chan receive]:\ngithub.com/go-rod/rod.(*Page).EachEvent.func1()\ncreated by " + modulePrefix + "internal/browser.(*Session).open in goroutine 8\n"
	got := goroutinesWith(dump, modulePrefix)
	if len(got) != 1 || !strings.HasPrefix(got[0], "goroutine 9 ") {
		t.Fatalf("want only goroutine 9 (started by toets), got %q", got)
	}
}
