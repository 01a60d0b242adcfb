package refserver

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"
)

// handleClock is POST /_toets/clock, the test-control hook: it moves the
// server's clock (form advance=<Go duration>, forward or back), so that the harness
// tests the expiry of codes and tokens without waiting. It exists only when
// Options.TestControl is set, and only for the bearer of the token made at
// Start. It is not part of OAuth.
func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	presented, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if subtle.ConstantTimeCompare([]byte(presented), []byte(s.testControlToken)) != 1 {
		http.Error(w, "not authorised", http.StatusUnauthorized)
		return
	}
	form, err := readForm(w, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	d, err := time.ParseDuration(form.Get("advance"))
	// A negative duration moves the clock back: the harness undoes its
	// move when the scenario ends, so that later scenarios see the time.
	if err != nil || d == 0 {
		http.Error(w, "advance must be a Go duration, such as 11m or -11m", http.StatusBadRequest)
		return
	}
	s.Advance(d)
	w.WriteHeader(http.StatusNoContent)
}
