package rules

import (
	"testing"

	"github.com/toets/toets/features"
)

// TestEveryRuleQuotesItsSource: every scenario of the features quotes the
// sentence that makes it a MUST or a SHOULD, with its document and section,
// and the level word of the quote agrees with the level tag. A SHOULD that
// quotes a MUST as well is allowed but listed for review.
func TestEveryRuleQuotesItsSource(t *testing.T) {
	entries, err := Catalog(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("the catalog is empty")
	}
	review, err := CheckQuotes(entries)
	if err != nil {
		t.Error(err)
	}
	t.Logf("%d scenarios of %d rules quote their source; %d quotes to review", len(entries), len(ByRule(entries)), len(review))
	for _, r := range review {
		t.Logf("review: %s", r)
	}
}
