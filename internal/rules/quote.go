package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Quote is the sentence a scenario rests on: the free-text description
// under its Examples: line where that block has one (an outline whose
// examples are different rules), else the description under its Scenario:
// line. Description lines are joined by single spaces. The form, one or a
// few lines:
//
//	RFC 7662 §2.2: "the authorization server MUST return … "active" field set to "false""
//	MedMij afsprakenstelsel §core.tknint.205: "De OAuth Authorization Server draagt geen access token over …" [gives no access token: MUST NOT]
//
// A quote in Dutch or Norwegian keeps the original words and adds an English
// gloss in brackets that carries the RFC 2119 word, so that the level can be
// read from every quote the same way (CheckQuote).
func Quote(scenarioDescription, examplesDescription string) string {
	if q := joinLines(examplesDescription); q != "" {
		return q
	}
	return joinLines(scenarioDescription)
}

func joinLines(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// citation is a document, a section (§…) and the opening of a quoted
// sentence: `RFC 6749 §5.2: "`.
var citation = regexp.MustCompile(`(?:^|"|\]|\s)([A-Za-z][^§"]*?)\s§\s?([^\s:"][^:"]*):\s*"`)

// The RFC 2119 keywords by the level they make. NOT RECOMMENDED is a SHOULD
// NOT; OPTIONAL is a MAY.
var (
	mustWords   = regexp.MustCompile(`\b(MUST|REQUIRED|SHALL)\b`)
	shouldWords = regexp.MustCompile(`\b(SHOULD|RECOMMENDED)\b`)
)

// toetsReading marks a gloss in which toets, not the source, supplies the
// level word: an indicative sentence ("the server responds with 200"), a
// syntax, a non-normative example. Such a quote passes, but is listed for
// review.
var toetsReading = regexp.MustCompile(`\[[^\]]*toets reads`)

// CheckQuote reports what is wrong with a rule's quote for its level
// ("must" or "should"): no quote, no document and section, or a level word
// that disagrees with the level. review says why a quote that passes should
// still be looked at: a SHOULD rule whose quote holds a MUST as well (often
// a MUST of another party), or a level that only toets's gloss supplies.
func CheckQuote(level, quote string) (problems []error, review string) {
	if quote == "" {
		return []error{errors.New(`has no quote: put the sentence that makes it a MUST or SHOULD in the scenario's description (RFC 6749 §5.2: "…")`)}, ""
	}
	if toetsReading.MatchString(quote) {
		review = "the level word is toets's reading, not the source's"
	}
	if !citation.MatchString(quote) {
		problems = append(problems, fmt.Errorf(`the quote names no document and section (want the form: Document §section: "…"): %s`, quote))
	}
	must, should := mustWords.MatchString(quote), shouldWords.MatchString(quote)
	switch level {
	case "must":
		if !must {
			problems = append(problems, fmt.Errorf("a @must rule whose quote holds no MUST, MUST NOT, REQUIRED or SHALL: %s", quote))
		}
	case "should":
		switch {
		case !should && must:
			problems = append(problems, fmt.Errorf("a @should rule whose quote holds only a MUST: the tag or the quote is wrong: %s", quote))
		case !should:
			problems = append(problems, fmt.Errorf("a @should rule whose quote holds no SHOULD, SHOULD NOT or RECOMMENDED: %s", quote))
		case must && review == "":
			review = "a @should quoting a MUST as well"
		}
	}
	return problems, review
}

// CheckQuotes reports every scenario whose quote CheckQuote finds wrong, and
// returns the quotes to review, one line each.
func CheckQuotes(entries []Entry) (review []string, err error) {
	var errs []error
	seen := map[string]bool{}
	for _, e := range entries {
		problems, r := CheckQuote(e.Rule.Level, e.Rule.Quote)
		for _, p := range problems {
			errs = append(errs, fmt.Errorf("%s:%d %s %q: %w", e.URI, e.Line, e.Rule.ID, e.Name, p))
		}
		if r != "" && !seen[e.Rule.ID+e.Rule.Quote] {
			seen[e.Rule.ID+e.Rule.Quote] = true
			review = append(review, fmt.Sprintf("%s:%d %s: %s: %s", e.URI, e.Line, e.Rule.ID, r, e.Rule.Quote))
		}
	}
	return review, errors.Join(errs...)
}
