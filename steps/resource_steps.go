package steps

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/outcome"
)

func registerResource(sc *godog.ScenarioContext) {
	sc.Step(`^the client requests the resource with the access token in the Authorization header$`, requestResourceWithHeader)
	sc.Step(`^the resource endpoint answers with HTTP (\d+)$`, resourceAnswersWith)
	sc.Step(`^the response is a FHIR Bundle with the data of the user$`, bundleOfTheUser)
	sc.Step(`^the resource endpoint answered within 60 seconds$`, resourceAnsweredInTime)
	registerResourceRefusals(sc)
	registerIntrospection(sc)
	registerAnyToken(sc)
	registerMetadata(sc)
	registerKeys(sc)
	registerJWTAccessToken(sc)
	registerScopeNaming(sc)
}

// requestResourceWithHeader presents the token as RFC 6750 §2.1 and MedMij
// core.rscint.200 require.
func requestResourceWithHeader(ctx context.Context) error {
	w := WorldFrom(ctx)
	if w.tokens == nil {
		return outcome.Harness("no access token was obtained earlier in this scenario")
	}
	req, err := http.NewRequest(http.MethodGet, w.env.Target.File.Resource.URL, nil)
	if err != nil {
		return outcome.Harness("resource.url in the target file: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+w.tokens.AccessToken)
	req.Header.Set("Accept", "application/fhir+json")
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	if err != nil {
		return err
	}
	return nil
}

// MedMij core.rscint.202: the resource server answers within 60 seconds
// (for at least 98.5% of the requests; one request is judged here).
const resourceTimeLimit = 60 * time.Second

// resourceAnsweredInTime reads the duration of the recorded exchange and
// reports it, whatever the verdict (evidence for certification).
func resourceAnsweredInTime(ctx context.Context) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	took := w.last.Duration.Round(time.Millisecond)
	w.Note("the resource endpoint answered in %s (MedMij core.rscint.202: at most %s)", took, resourceTimeLimit)
	expect(ctx, w.last.Duration <= resourceTimeLimit, "the time the resource endpoint took (MedMij core.rscint.202)", "at most "+resourceTimeLimit.String(), took.String(), implementation)
}

func resourceAnswersWith(ctx context.Context, status int) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	expectEqual(ctx, status, w.last.Status, "the HTTP status of the resource response", implementation)
}

// bundle is the part of a FHIR Bundle the checks read.
type bundle struct {
	ResourceType string `json:"resourceType"`
	Entry        []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

// bundleOfTheUser checks that the data served belongs to the person who
// logged in: the Bundle holds a Patient whose name is the user's display
// name from the target file.
func bundleOfTheUser(ctx context.Context) error {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	u, err := w.userByRole("with data")
	if err != nil {
		return err
	}
	if u.DisplayName == "" {
		return outcome.NotApplicable("users[].display_name is not set for %s in the target file (set users[].display_name to judge this rule); it is how toets recognises the person's data", u.Name)
	}
	var b bundle
	if w.env.Target.File.Profile != "medmij" {
		// FHIR is MedMij's resource format (core.rscint.200); RFC 6750 §2.1
		// says nothing of the body. Elsewhere the data must still be the
		// person's: a JSON value names them.
		names := jsonStrings(w.last.Body)
		found := slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, u.DisplayName) })
		expect(ctx, found, "whose data the resource endpoint served (the person is identified by the token only)", "a JSON body with a value "+u.DisplayName, bodySnippet(w.last.Body), implementation)
		return nil
	}
	if err := json.Unmarshal(w.last.Body, &b); err != nil || b.ResourceType != "Bundle" {
		expect(ctx, false, "the resource response body", "a FHIR Bundle (resourceType Bundle)", bodySnippet(w.last.Body), implementation)
		return nil
	}
	var names []string
	for _, e := range b.Entry {
		var r struct {
			ResourceType string `json:"resourceType"`
			Name         []struct {
				Text   string   `json:"text"`
				Family string   `json:"family"`
				Given  []string `json:"given"`
			} `json:"name"`
		}
		if json.Unmarshal(e.Resource, &r) != nil || r.ResourceType != "Patient" {
			continue
		}
		for _, n := range r.Name {
			full := n.Text
			if full == "" {
				full = strings.TrimSpace(strings.Join(append(append([]string{}, n.Given...), n.Family), " "))
			}
			names = append(names, full)
		}
	}
	found := false
	for _, n := range names {
		if strings.EqualFold(n, u.DisplayName) {
			found = true
		}
	}
	expect(ctx, found, "whose data the resource endpoint served (the person is identified by the token only)", "a Patient named "+u.DisplayName, "Patient names "+orNone(strings.Join(names, "; ")), implementation)
	return nil
}

// jsonStrings are the string values anywhere in a JSON document (none if
// it is not JSON).
func jsonStrings(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}
