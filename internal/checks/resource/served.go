package resource

import (
	"encoding/json"
	"strings"

	"github.com/toets/toets/internal/check"
)

var (
	rfc6750_2_1  = check.Source{Doc: "RFC 6750", Section: "2.1", Quote: "Resource servers MUST support this method."}
	medmij_203   = check.Source{Doc: "MedMij afsprakenstelsel", Section: "core.rscint.203", Quote: "Voor zover er in het verkeer tussen DVP Server en Resource Server … sprake is, in de stuurgegevens, van een gegevenselement dat tot de identiteit van de Persoon herleid kan worden, gebruiken zij daarvoor niets anders dan de OAuth-gegevens [they MUST use nothing but the OAuth data to identify the person]"}
	rfc6750_2_3  = check.Source{Doc: "RFC 6750", Section: "2.3", Quote: `it SHOULD NOT be used unless it is impossible to transport the access token in the "Authorization" request header field or the HTTP request entity-body. Resource servers MAY support this method.`}
	HeaderServed = check.Unit{ID: "resource.header-served", Source: rfc6750_2_1, What: "the resource endpoint's answer to a valid access token in the Authorization header"}
	PersonServed = check.Unit{ID: "resource.person-served", Source: medmij_203, What: "whose data the resource endpoint served (the person is identified by the token only)"}
	// QueryNotServed binds no server: the SHOULD NOT is the client's, and
	// a server MAY take the token from the query. So it only ever warns.
	QueryNotServed = check.Unit{ID: "resource.query-token-not-served", Source: rfc6750_2_3, What: "the answer to an access token sent in the query string only (a warning, never a failure: RFC 6750 §2.3 lets a resource server support this method, and MedMij core.rscint.200 and RFC 9700 §4.3.2 bind the client; serving it invites the token into logs and Referer headers)"}
)

// Served judges that the header method works: any 2xx, whatever the body
// (RFC 6750 says nothing of the body; FHIR is MedMij's).
func Served(a Answer) []check.Finding {
	if a.Status < 200 || a.Status >= 300 {
		return []check.Finding{HeaderServed.Fail("HTTP 2xx", a.received(), check.Implementation)}
	}
	return nil
}

// QueryRefused judges the answer to a token in the query string only: the
// data is not served.
func QueryRefused(a Answer) []check.Finding {
	if a.Status >= 200 && a.Status < 300 {
		return []check.Finding{QueryNotServed.Fail("a refusal (the token is not taken from the query)", a.received(), check.Implementation)}
	}
	return nil
}

// FHIRPerson judges a MedMij resource answer: HTTP 200 with a FHIR Bundle
// that holds a Patient named person (the user's display name), compared
// without regard to case.
func FHIRPerson(a Answer, person string) []check.Finding {
	if a.Status != 200 {
		return []check.Finding{PersonServed.Fail("HTTP 200 with a FHIR Bundle", a.received(), check.Implementation)}
	}
	var b struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(a.Body, &b); err != nil || b.ResourceType != "Bundle" {
		return []check.Finding{PersonServed.Fail("a FHIR Bundle (resourceType Bundle)", check.Snippet(a.Body), check.Implementation)}
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
			if strings.EqualFold(full, person) {
				return nil
			}
			names = append(names, full)
		}
	}
	return []check.Finding{PersonServed.Fail("a Patient named "+person, "Patient names "+orNone(strings.Join(names, "; ")), check.Implementation)}
}
