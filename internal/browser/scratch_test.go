package browser

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestScratchPNG(t *testing.T) {
	d := startDemo(t)
	s := newSession(t, shared)
	ctx := context.Background()
	_ = s.Navigate(ctx, d.URL+"/login")
	if err := s.Run(ctx, loginScript, user); err != nil {
		t.Fatal(err)
	}
	for i, sh := range s.Shots() {
		os.WriteFile(fmt.Sprintf("/tmp/toets-shot-%d.png", i), sh.PNG, 0o644)
	}
	v, _ := s.evaluate(ctx, "navigator.userAgent + ' ' + innerWidth + 'x' + innerHeight + ' ' + navigator.language", true)
	t.Log(v.Value.Str())
}
