package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// The shapes a JUnit consumer reads, declared apart from the writer's so
// that the test does not just echo the writer's own struct tags.
type parsedSuites struct {
	XMLName  xml.Name      `xml:"testsuites"`
	Tests    int           `xml:"tests,attr"`
	Failures int           `xml:"failures,attr"`
	Errors   int           `xml:"errors,attr"`
	Skipped  int           `xml:"skipped,attr"`
	Suites   []parsedSuite `xml:"testsuite"`
}

type parsedSuite struct {
	Name       string `xml:"name,attr"`
	Tests      int    `xml:"tests,attr"`
	Properties []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
	Cases []parsedCase `xml:"testcase"`
}

type parsedProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type parsedCase struct {
	Classname string         `xml:"classname,attr"`
	Name      string         `xml:"name,attr"`
	Time      string         `xml:"time,attr"`
	Failure   *parsedProblem `xml:"failure"`
	Error     *parsedProblem `xml:"error"`
	Skipped   *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
	SystemOut string `xml:"system-out"`
}

func parseJUnit(t *testing.T, r *Run) parsedSuites {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatalf("WriteJUnit: %v", err)
	}
	var got parsedSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, buf.String())
	}
	return got
}

func TestWriteJUnit(t *testing.T) {
	r := testRun(t)
	got := parseJUnit(t, r)
	if got.Tests != 5 || got.Failures != 1 || got.Errors != 1 || got.Skipped != 1 {
		t.Errorf("totals tests=%d failures=%d errors=%d skipped=%d, want 5 1 1 1", got.Tests, got.Failures, got.Errors, got.Skipped)
	}
	// A suite per feature, in the order features were run.
	var suites []string
	for _, s := range got.Suites {
		suites = append(suites, s.Name)
	}
	if want := "Token success response|Token error responses|Refresh tokens|Resource access"; strings.Join(suites, "|") != want {
		t.Errorf("suites %q, want %q", strings.Join(suites, "|"), want)
	}

	cases := map[string]parsedCase{}
	for _, s := range got.Suites {
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("classname %q in suite %q", c.Classname, s.Name)
			}
			cases[c.Name] = c
		}
	}
	tests := []struct {
		name  string
		check func(t *testing.T, c parsedCase)
	}{
		{"A reused authorization code is refused with invalid_grant", func(t *testing.T, c parsedCase) {
			if c.Failure == nil || c.Failure.Type != "fail" {
				t.Fatalf("want <failure type=fail>, got %+v", c.Failure)
			}
			if c.Failure.Message != firstLine(failMessage) {
				t.Errorf("failure message attribute %q", c.Failure.Message)
			}
			for _, want := range []string{failMessage, "token-error-rfc0015", "rfc6749-5.2, medmij-rfc0015"} {
				if !strings.Contains(c.Failure.Text, want) {
					t.Errorf("failure text lacks %q", want)
				}
			}
			if c.Time != "1.500" {
				t.Errorf("time %q, want 1.500", c.Time)
			}
		}},
		{"The resource server serves the data of the token's person", func(t *testing.T, c parsedCase) {
			if c.Error == nil || !strings.Contains(c.Error.Text, errorMessage) || c.Failure != nil {
				t.Errorf("want <error> with the message, got error=%+v failure=%+v", c.Error, c.Failure)
			}
		}},
		{"A refresh token is bound to its client", func(t *testing.T, c parsedCase) {
			if c.Skipped == nil || c.Skipped.Message != "not applicable: "+naMessage {
				t.Errorf("want <skipped message=\"not applicable: ...\">, got %+v", c.Skipped)
			}
		}},
		{"A token response also forbids caching by HTTP/1.0 caches", func(t *testing.T, c parsedCase) {
			if c.Failure != nil || c.Error != nil || c.Skipped != nil {
				t.Error("a warning must pass")
			}
			if !strings.HasPrefix(c.SystemOut, "WARNING (SHOULD not met): "+warnMessage) {
				t.Errorf("system-out does not start with the warning: %q", c.SystemOut)
			}
			if !strings.Contains(c.SystemOut, "level: SHOULD") {
				t.Error("system-out lacks the level")
			}
		}},
		{"A token response is never cached", func(t *testing.T, c parsedCase) {
			if c.Failure != nil || c.Error != nil || c.Skipped != nil {
				t.Error("a pass must pass")
			}
			for _, want := range []string{"rule: token-success-response", "sources: rfc6749-5.1", "level: MUST"} {
				if !strings.Contains(c.SystemOut, want) {
					t.Errorf("system-out lacks %q", want)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := cases[tt.name]
			if !ok {
				t.Fatal("testcase missing")
			}
			tt.check(t, c)
		})
	}

	props := map[string]string{}
	for _, p := range got.Suites[0].Properties {
		props[p.Name] = p.Value
	}
	if props["target"] != "Acme PGO" || props["notice"] == "" {
		t.Errorf("suite properties %v lack target or notice", props)
	}
}

// TestWriteJUnitHostileText feeds text no XML may contain as is: markup,
// quotes and control characters from a misbehaving server.
func TestWriteJUnitHostileText(t *testing.T) {
	r := testRun(t)
	hostile := "expected ]]> & \"quotes\" <tag> \x00\x1b[31m\ufffe end"
	r.Scenarios[1].Message = hostile
	r.Scenarios[1].Name = hostile
	got := parseJUnit(t, r)
	c := got.Suites[1].Cases[0]
	if !strings.Contains(c.Failure.Text, `expected ]]> & "quotes" <tag> `) || !strings.HasSuffix(firstLine(c.Failure.Message), "end") {
		t.Errorf("hostile text mangled: %q / %q", c.Failure.Message, c.Failure.Text)
	}
}
