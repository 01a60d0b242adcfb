package waivers

import (
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/reports"
)

func TestParseRefusesBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, wantErr string
	}{
		{"unknown key", "waivers:\n- rule: a\n  reason: r\n  by: me\n  expire: 2030-01-01\n", "field expire not found"},
		{"no date", "waivers:\n- rule: a\n  reason: r\n  by: me\n", "is not a date"},
		{"bad date", "waivers:\n- rule: a\n  reason: r\n  by: me\n  expires: 01-02-2030\n", "is not a date"},
		{"both rule and scenario", "waivers:\n- rule: a\n  scenario: b\n  reason: r\n  by: me\n  expires: 2030-01-01\n", "exactly one of rule and scenario"},
		{"neither", "waivers:\n- reason: r\n  by: me\n  expires: 2030-01-01\n", "exactly one of rule and scenario"},
		{"no reason", "waivers:\n- rule: a\n  by: me\n  expires: 2030-01-01\n", "reason is required"},
		{"no by", "waivers:\n- rule: a\n  reason: r\n  expires: 2030-01-01\n", "by is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestApply(t *testing.T) {
	ws, err := Parse([]byte(`waivers:
- rule: token-pragma
  reason: fixed in release 4.2
  expires: 2026-12-31
  by: Jan Jansen
- scenario: A reused authorization code is refused with invalid_grant
  reason: vendor ticket 17
  expires: 2026-01-31
  by: Piet
- rule: never-matches
  reason: stale
  expires: 2027-01-01
  by: x
`))
	if err != nil {
		t.Fatal(err)
	}
	run := &reports.Run{Scenarios: []*reports.Scenario{
		{Name: "Pragma no-cache", Rule: reports.Rule{ID: "token-pragma"}, Verdict: reports.Warning},
		{Name: "A reused authorization code is refused with invalid_grant", Rule: reports.Rule{ID: "token-reuse"}, Verdict: reports.Fail, Message: "expected invalid_grant"},
		{Name: "errored", Rule: reports.Rule{ID: "token-pragma"}, Verdict: reports.Error},
		{Name: "passes", Rule: reports.Rule{ID: "token-pragma"}, Verdict: reports.Pass},
	}}
	// The last day of a waiver still counts; the next day it does not.
	now := time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)
	waived, expired := Apply(run, ws, now)
	if waived != 1 || expired != 1 {
		t.Fatalf("waived %d, expired %d; want 1 and 1", waived, expired)
	}
	s := run.Scenarios
	if s[0].Verdict != reports.Waived || s[0].Waiver.Was != reports.Warning || s[0].Waiver.By != "Jan Jansen" {
		t.Errorf("warning not waived: %+v %+v", s[0], s[0].Waiver)
	}
	if s[1].Verdict != reports.Fail || !s[1].Waiver.Expired || !strings.Contains(s[1].Message, "waiver expired on 2026-01-31") {
		t.Errorf("expired waiver: verdict %s, message %q", s[1].Verdict, s[1].Message)
	}
	if s[2].Verdict != reports.Error || s[2].Waiver != nil {
		t.Error("an error verdict was waived")
	}
	if s[3].Verdict != reports.Pass || s[3].Waiver != nil {
		t.Error("a pass was touched")
	}
	if run.ExitCode() != 2 {
		t.Errorf("exit %d, want 2 (the error still counts)", run.ExitCode())
	}
	if u := Unused(run, ws); len(u) != 1 || u[0].Rule != "never-matches" {
		t.Errorf("unused %v", u)
	}
	if got, _ := Apply(&reports.Run{Scenarios: []*reports.Scenario{{Rule: reports.Rule{ID: "token-pragma"}, Verdict: reports.Fail}}}, ws, now.Add(2*time.Hour)); got != 0 {
		t.Errorf("waiver applied after its last day")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("waivers:\n- rule: a\n  reason: r\n  by: me\n  expires: 2030-01-01\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ws, err := Parse(b)
		if err != nil {
			return
		}
		for _, w := range ws {
			if w.lastDay.Format(time.DateOnly) != w.Expires || (w.Rule == "") == (w.Scenario == "") {
				t.Fatalf("an invalid waiver was accepted: %+v", w)
			}
		}
	})
}
