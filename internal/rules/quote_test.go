package rules

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCheckQuote(t *testing.T) {
	tests := []struct {
		name, level, quote string
		problem, review    bool
	}{
		{"a level from toets's gloss", "must", `RFC 7009 §2.2: "The authorization server responds with HTTP status code 200" [indicative; toets reads this as MUST]`, false, true},
		{"must quoting a MUST", "must", `RFC 7662 §2.1: "the endpoint MUST also require some form of authorization"`, false, false},
		{"must quoting REQUIRED", "must", `RFC 7662 §2.2: "active REQUIRED. Boolean indicator"`, false, false},
		{"must quoting MUST NOT", "must", `RFC 6749 §2.3.1: "The parameters … MUST NOT be included in the request URI"`, false, false},
		{"should quoting SHOULD NOT", "should", `RFC 7662 §2.2: "the authorization server SHOULD NOT include any additional information"`, false, false},
		{"should quoting RECOMMENDED", "should", `RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"`, false, false},
		{"Dutch with a gloss", "must", `MedMij afsprakenstelsel §core.tknint.205: "draagt geen access token over" [hands over no access token: MUST NOT]`, false, false},
		{"should with a MUST of another party", "should", `RFC 6749 §10.13: "the authorization server MUST require … SHOULD use the X-Frame-Options header"`, false, true},
		{"no quote", "must", ``, true, false},
		{"no section", "must", `RFC 7662: "the endpoint MUST also require some form of authorization"`, true, false},
		{"no document", "must", `§2.1: "the endpoint MUST also require some form of authorization"`, true, false},
		{"no quoted sentence", "must", `RFC 7662 §2.1 MUST`, true, false},
		{"must quoting a SHOULD", "must", `RFC 7662 §2.2: "the authorization server SHOULD NOT include any additional information"`, true, false},
		{"must quoting a MAY", "must", `RFC 6749 §3.3: "The authorization server MAY fully or partially ignore the scope"`, true, false},
		{"should quoting a MUST only", "should", `RFC 7662 §2.1: "the endpoint MUST also require some form of authorization"`, true, false},
		{"should quoting a MAY only", "should", `RFC 6749 §3.3: "The authorization server MAY fully or partially ignore the scope"`, true, false},
		{"lower-case must is no level word", "must", `RFC 7662 §2.1: "the endpoint must also require some form of authorization"`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, review := CheckQuote(tt.level, tt.quote)
			if (len(problems) > 0) != tt.problem {
				t.Errorf("problems = %v, want problem %v", problems, tt.problem)
			}
			if (review != "") != tt.review {
				t.Errorf("review = %v, want %v", review, tt.review)
			}
		})
	}
}

// TestCatalogReadsQuotes: the quote comes from the scenario's description,
// or from its Examples block's where that has one, also inside Rule: blocks;
// the lines join with single spaces; steps and comments are no part of it.
func TestCatalogReadsQuotes(t *testing.T) {
	fsys := fstest.MapFS{"x/a.feature": {Data: []byte(`Feature: quotes
  The feature's description is no quote.

  @rule:plain @rfc1-1 @must @token @profile:any
  Scenario: a plain scenario
    RFC 1 §1: "the server MUST
    answer"
    # a comment
    When the client does something

  Rule: a rule block
    @rule:in-rule @rfc2-2 @should @token @profile:any
    Scenario: a scenario inside a Rule
      RFC 2 §2: "the server SHOULD answer"
      When the client does something

  @rfc3-3 @must @token @profile:any
  Scenario Outline: an outline <n>
    RFC 3 §3: "the outline MUST hold"
    When the client does <n>

    @rule:outline-own
    Examples: with their own quote
      RFC 3 §3.1: "the row MUST hold"
      | n |
      | 1 |

    @rule:outline-shared
    Examples: without
      | n |
      | 2 |
`)}}
	entries, err := Catalog(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"plain":          `RFC 1 §1: "the server MUST answer"`,
		"in-rule":        `RFC 2 §2: "the server SHOULD answer"`,
		"outline-own":    `RFC 3 §3.1: "the row MUST hold"`,
		"outline-shared": `RFC 3 §3: "the outline MUST hold"`,
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(entries), len(want), entries)
	}
	for _, e := range entries {
		if e.Rule.Quote != want[e.Rule.ID] {
			t.Errorf("%s: quote %q, want %q", e.Rule.ID, e.Rule.Quote, want[e.Rule.ID])
		}
		if e.Line == 0 {
			t.Errorf("%s: no line", e.Rule.ID)
		}
		if strings.Contains(e.Rule.Quote, "comment") || strings.Contains(e.Rule.Quote, "When") {
			t.Errorf("%s: a comment or step in the quote: %q", e.Rule.ID, e.Rule.Quote)
		}
	}
	if review, err := CheckQuotes(entries); err != nil || len(review) != 0 {
		t.Errorf("CheckQuotes = %v, %v", review, err)
	}
}
