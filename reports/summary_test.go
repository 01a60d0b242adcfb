package reports

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSummary(&buf, testRun(t), "out"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	tests := []struct {
		what, want string
	}{
		{"target line", "target Acme PGO, profile medmij, issuer https://as.example.test"},
		{"notice", "NOTICE: TLS verification is switched off for this target"},
		{"table header", "interface     pass     fail  warning   waived      n/a    error    total"},
		{"token row", "token            1        1        1        0        1        0        4"},
		{"resource row", "resource         0        0        0        0        0        1        1"},
		{"failure with rule and sources", "FAIL  token-error-rfc0015 (MUST; rfc6749-5.2, medmij-rfc0015)"},
		{"failure message, first line", "      " + firstLine(failMessage) + "\n"},
		{"error with rule", "ERROR resource-serves-person (MUST; medmij-rfc0015)"},
		{"warnings counted and listed", "1 warning (a SHOULD rule not met"},
		{"warning rule", "  token-pragma (rfc6749-5.1): " + firstLine(warnMessage)},
		{"report path", "report: " + filepath.Join("out", "report.html")},
		{"exit meaning", exitMeaning(2)},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			if !strings.Contains(out, tt.want) {
				t.Errorf("summary lacks %s %q:\n%s", tt.what, tt.want, out)
			}
		})
	}
	if strings.Contains(out, "received error=access_denied") {
		t.Error("summary shows more than the first line of a message")
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Error("summary contains terminal escape codes")
	}
}

func TestWriteSummaryManyWarnings(t *testing.T) {
	r := testRun(t)
	for i := range maxListedWarnings {
		s := *r.Scenarios[2]
		s.Rule.ID = fmt.Sprintf("extra-warning-%d", i)
		r.Scenarios = append(r.Scenarios, &s)
	}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r, "out"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, fmt.Sprintf("%d warnings", maxListedWarnings+1)) || strings.Contains(out, "extra-warning-0") {
		t.Errorf("many warnings should be counted, not listed:\n%s", out)
	}
}
