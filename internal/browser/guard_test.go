package browser

import (
	"context"
	"strings"
	"testing"
)

// TestFillRefusedOnUnnamedHost: a login page on a host the target file does
// not name never receives the user's credentials.
func TestFillRefusedOnUnnamedHost(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	s.GuardFills([]string{"login.example.test:443"})
	ctx := context.Background()
	if err := s.Navigate(ctx, d.URL+"/login"); err != nil {
		t.Fatal(err)
	}
	err := s.Run(ctx, loginScript, user)
	if err == nil || !strings.Contains(err.Error(), "refusing to type") {
		t.Fatalf("want a refusal to type into %s, got %v", d.URL, err)
	}
	if d.count("/consent") != 0 {
		t.Fatal("the form was submitted")
	}
	if strings.Contains(err.Error(), "geheim-42") {
		t.Fatal("the error leaks the password")
	}
}
