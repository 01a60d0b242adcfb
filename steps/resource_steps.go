package steps

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/checks/resource"
	"github.com/toets/toets/internal/outcome"
)

func registerResource(sc *godog.ScenarioContext) {
	sc.Step(`^the client requests the resource with the access token in the Authorization header$`, requestResourceWithHeader)
	sc.Step(`^the resource endpoint answers with HTTP (\d+)$`, resourceAnswersWith)
	sc.Step(`^the response is a FHIR Bundle with the data of the user$`, bundleOfTheUser)
	sc.Step(`^the resource endpoint serves the request$`, judgeResource(resource.Served))
	sc.Step(`^the resource endpoint does not serve the token from the query string$`, judgeResource(resource.QueryRefused))
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

// bundle is the part of a FHIR Bundle lateRefusal reads.
type bundle struct {
	ResourceType string `json:"resourceType"`
	Entry        []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

// bundleOfTheUser checks that the data served belongs to the person who
// logged in (MedMij core.rscint.203): a FHIR Bundle with a Patient whose
// name is the user's display name from the target file.
func bundleOfTheUser(ctx context.Context) error {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	u, err := w.userByRole("with data")
	if err != nil {
		return err
	}
	if u.DisplayName == "" {
		return outcome.Missing("users[].display_name", "it is how toets recognises the person's data ("+u.Name+" has none)")
	}
	report(ctx, resource.FHIRPerson(resource.Answer{Status: w.last.Status, Challenges: w.last.Header.Values("WWW-Authenticate"), Body: w.last.Body}, u.DisplayName))
	return nil
}
