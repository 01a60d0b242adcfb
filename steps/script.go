package steps

import (
	"time"

	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/target"
)

// script turns a target file's login or consent script into browser actions.
// A timeout the target file cannot parse has already been refused by
// target.Validate; here it falls back to the browser's default.
func script(actions []target.Action) []browser.Action {
	out := make([]browser.Action, 0, len(actions))
	for _, a := range actions {
		d, _ := time.ParseDuration(a.Timeout)
		out = append(out, browser.Action{
			Match:    a.Match,
			Do:       a.Do,
			Target:   browser.Selector{CSS: a.CSS, XPath: a.XPath, Text: a.Text, Frame: a.Frame},
			Value:    a.Value,
			Optional: a.Optional,
			Timeout:  d,
		})
	}
	return out
}
