package steps

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/scope"
)

// ID-porten's scope naming (seed 004): every scope is prefix:subscope, and
// a scope without a .write postfix grants reading only.
func registerScopeNaming(sc *godog.ScenarioContext) {
	sc.Step(`^every scope in scopes_supported and in the token response has the form prefix:subscope$`, scopesArePrefixed)
	sc.Step(`^the client writes to the resource with the access token, whose scope has no \.write postfix$`, writeWithReadScope)
}

// scopesArePrefixed checks scopes_supported and the scope of the
// scenario's token response with scope.CheckPrefixed.
func scopesArePrefixed(ctx context.Context) {
	md := requireMetadata(ctx)
	w := WorldFrom(ctx)
	var bad []string
	raw, _ := md["scopes_supported"].([]any)
	for i, v := range raw {
		s, _ := v.(string)
		if err := scope.CheckPrefixed(s); err != nil {
			bad = append(bad, fmt.Sprintf("scopes_supported[%d]: %v", i, err))
		}
	}
	if w.tokens != nil {
		for _, t := range strings.Fields(w.tokens.Scope) {
			if err := scope.CheckPrefixed(t); err != nil {
				bad = append(bad, "the token response's scope: "+err.Error())
			}
		}
	}
	expect(ctx, len(bad) == 0, "the names of the scopes the server advertises and grants (seed 004, ID-porten/eOppslag: scope ::= prefix ':' subscope)", "prefix:subscope, e.g. nav:trygdeopplysninger", strings.Join(bad, "; "), implementation)
}

// writeWithReadScope sends a FHIR create (POST) to the resource URL with a
// token whose scopes carry no .write postfix. A resource that offers no
// writing at all (405, 404, 501) has nothing to refuse.
func writeWithReadScope(ctx context.Context) error {
	w := WorldFrom(ctx)
	token, err := requireToken(w)
	if err != nil {
		return err
	}
	granted := w.tokens.Scope
	if granted == "" {
		// RFC 6749 §5.1: no scope in the response means the one asked.
		granted = w.env.Target.File.Scopes.Granted
	}
	for _, t := range strings.Fields(granted) {
		if scope.GrantsWrite(t) {
			return outcome.Harness("the token's scope %q holds the write scope %s, so it cannot show that a read scope does not write; set scopes.granted to read scopes only", granted, t)
		}
	}
	req, err := http.NewRequest(http.MethodPost, w.env.Target.File.Resource.URL, strings.NewReader(`{"resourceType":"MedicationStatement","status":"active"}`))
	if err != nil {
		return outcome.Harness("resource.url in the target file: %v", err)
	}
	req.Header.Set("Content-Type", "application/fhir+json")
	req.Header.Set("Accept", "application/fhir+json")
	bearer(token)(req)
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	if err != nil {
		return err
	}
	switch resp.Status {
	case http.StatusMethodNotAllowed, http.StatusNotFound, http.StatusNotImplemented:
		return outcome.NotApplicable("the resource endpoint offers no writing (HTTP %d to a POST), so there is no write for a read scope to be refused", resp.Status)
	}
	return nil
}
