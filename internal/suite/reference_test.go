package suite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/rules"
	"github.com/toets/toets/reports"
)

// TestReferenceServerPassesEveryRule runs the whole suite against the
// reference server without faults: every rule passes, and the reports it
// writes hold none of the run's secrets.
func TestReferenceServerPassesEveryRule(t *testing.T) {
	// TOETS_TAGS narrows the run while a rule group is being written.
	tags := os.Getenv("TOETS_TAGS")
	res := runReference(t, tags, 1)
	entries, err := rules.Catalog(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	if tags == "" && len(res.run.Scenarios) != len(entries) {
		t.Errorf("ran %d scenarios, the catalog has %d", len(res.run.Scenarios), len(entries))
	}
	for _, s := range res.run.Scenarios {
		ok := s.Verdict == reports.Pass || (s.Verdict == reports.NotApplicable && !rules.Applies(s.Rule, "medmij"))
		if !ok {
			t.Errorf("against the reference server every rule must pass; got:\n%s", describe(res.run))
			break
		}
	}
	// The server plays every other profile too, and the whole suite runs
	// against it there, as `toets serve-reference --profile P` and a run on
	// the file it writes would: every rule of the profile passes, and the
	// rest (other profiles' rules, features the profile leaves out, what a
	// profile lets a server ignore) are not applicable, never failed or
	// errors.
	if tags == "" {
		for _, profile := range otherProfiles(entries) {
			other := runReferenceProfile(t, profile, "", 2)
			for _, s := range other.run.Scenarios {
				if s.Verdict != reports.Pass && s.Verdict != reports.NotApplicable {
					t.Errorf("against the reference server in profile %s: %s %s %q\n%s", profile, s.Verdict, s.Rule.ID, s.Name, s.Message)
				}
			}
		}
	}

	dir := t.TempDir()
	if _, err := reports.WriteAll(dir, res.run.Redacted(res.redactor.String)); err != nil {
		t.Fatal(err)
	}
	assertNoSecrets(t, dir, res.issued, 4)
}

// assertNoSecrets searches every file below dir for every secret.
// It refuses to prove anything with fewer than min secrets.
func assertNoSecrets(t *testing.T, dir string, secrets []string, min int) {
	t.Helper()
	if len(secrets) < min {
		t.Fatalf("the server reports only %d issued secrets; the leak check would prove nothing", len(secrets))
	}
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s contains a secret (%.4s…)", filepath.Base(p), s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Fatalf("only %d report files written", files)
	}
}

// TestCatalogNamesEveryRule checks that each scenario's tags name its rule
// completely and that every rule has a fault and every fault a rule.
func TestCatalogNamesEveryRule(t *testing.T) {
	entries, err := rules.Catalog(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	if err := rules.Check(entries); err != nil {
		t.Fatal(err)
	}
	byRule := rules.ByRule(entries)
	faulted := map[string]bool{}
	for _, f := range refserver.Faults {
		faulted[f.Rule] = true
		if len(byRule[f.Rule]) == 0 {
			t.Errorf("fault %s violates rule %s, but no scenario is tagged @rule:%s", f.Name, f.Rule, f.Rule)
		}
	}
	for id, es := range byRule {
		if !faulted[id] {
			t.Errorf("rule %s (%q) has no fault in the reference server's table: nothing proves its check can fail", id, es[0].Name)
		}
	}
}

// otherProfiles are the profiles other than medmij that some rule names.
func otherProfiles(entries []rules.Entry) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		for _, p := range e.Rule.Profiles {
			if p != "any" && p != "medmij" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// TestHTTPAgentPassesEveryRule runs the suite against the reference server
// with agent: http, the user agent without a browser: the same scenarios,
// the same verdicts, so CI without a browser still tests everything the
// reference's plain HTML pages allow.
func TestHTTPAgentPassesEveryRule(t *testing.T) {
	res := runReferenceAgent(t, "http", "medmij", os.Getenv("TOETS_TAGS"), 1)
	if len(res.run.Scenarios) == 0 {
		t.Fatal("no scenario ran")
	}
	t.Logf("%d scenarios in %s", len(res.run.Scenarios), res.run.Finished.Sub(res.run.Started))
	for _, s := range res.run.Scenarios {
		ok := s.Verdict == reports.Pass || (s.Verdict == reports.NotApplicable && !rules.Applies(s.Rule, "medmij"))
		if !ok {
			t.Errorf("with agent: http every rule must pass against the reference server; got:\n%s", describe(res.run))
			break
		}
	}
}
