package refserver

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// resourceSlowness is how long the fault slow-resource keeps a request
// waiting: just over MedMij's 60 seconds.
const resourceSlowness = 60*time.Second + 500*time.Millisecond

// b64token is the syntax of a bearer token in the Authorization header
// (RFC 6750 §2.1).
var b64token = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+=*$`)

// handleResource is the resource server: it serves the MedicationStatements
// or AllergyIntolerances of the person the access token belongs to (RFC
// 6750; MedMij resource interface), each behind its own right (rights.go).
func (s *Server) handleResource(w http.ResponseWriter, r *http.Request) {
	if s.faults.on("slow-resource") {
		// The fault: a slow backend behind the resource endpoint. MedMij
		// core.rscint.202 allows 60 seconds. The wait ends early when the
		// client hangs up, so a test that does not wait that long leaves
		// no handler behind.
		select {
		case <-time.After(resourceSlowness):
		case <-r.Context().Done():
			return
		}
	}
	// The routes register the rights' paths only.
	want, _ := s.rightAt(r.URL.Path)
	// The token is read from the Authorization header only (RFC 6750 §2.1),
	// as MedMij core.rscint.200 requires. A token in the query string or a
	// form body (§2.2, §2.3) is not looked at: in a URL it ends up in logs
	// and Referer headers. Such a request simply has no token.
	value, present, wellFormed := bearerToken(r.Header.Values("Authorization"))
	if !present && s.faults.on("query-token-accepted") {
		value, present, wellFormed = r.URL.Query().Get("access_token"), r.URL.Query().Has("access_token"), true
	}
	switch {
	case !present:
		// §3.1: a request without any authentication gets a challenge
		// without an error code.
		if s.faults.on("no-token-400-error") {
			s.refuseResource(w, want, http.StatusBadRequest, "invalid_request", "no access token in the Authorization header")
			return
		}
		s.refuseResource(w, want, http.StatusUnauthorized, "", "no access token in the Authorization header")
		return
	case !wellFormed && s.faults.on("malformed-header-401"):
		s.refuseResource(w, want, http.StatusUnauthorized, "invalid_token", "the access token is unknown, expired or revoked")
		return
	case !wellFormed:
		s.refuseResource(w, want, http.StatusBadRequest, "invalid_request", "the Authorization header is not a valid Bearer credential")
		return
	}
	// MedMij core.rscint.201: the tracing headers MedMij-Request-ID and
	// X-Correlation-ID are part of every request; they are logged, never
	// refused.
	if r.Header.Get("X-Correlation-ID") != "" && s.faults.on("correlation-id-refused") {
		s.refuseResource(w, want, http.StatusBadRequest, "invalid_request", "unexpected header X-Correlation-ID")
		return
	}
	if s.faults.on("header-token-refused") {
		// The fault: a server that takes the token from somewhere else
		// than the Authorization header (RFC 6750 §2.1: MUST support it).
		s.refuseResource(w, want, http.StatusUnauthorized, "invalid_token", "the access token is unknown, expired or revoked")
		return
	}
	tok, ok := s.tokens.token(value)
	if ok && tok.revoked && s.faults.on("revoked-token-served") {
		tok.revoked = false
	}
	if !ok || tok.kind != accessToken || !tok.liveAt(s.now()) {
		status := http.StatusUnauthorized
		if s.faults.on("invalid-token-403") {
			status = http.StatusForbidden
		}
		if s.faults.on("invalid-token-no-challenge") {
			// The fault: a refusal without the challenge RFC 6750 §3
			// demands.
			setNoStore(w.Header())
			http.Error(w, "the access token is unknown, expired or revoked", status)
			return
		}
		s.refuseResource(w, want, status, "invalid_token", "the access token is unknown, expired or revoked")
		return
	}
	// RFC 8707 §2: a token meant for another resource is no valid token
	// here (audience.go).
	if !s.audienceAllows(tok, want.path) {
		s.refuseResource(w, want, http.StatusUnauthorized, "invalid_token", "the access token is meant for another resource")
		return
	}
	if scope, _ := parseScope(tok.scope); !slices.Contains(scope, want.scope) && !s.faults.on("insufficient-scope-200") {
		if s.faults.on("insufficient-scope-401") {
			s.refuseResource(w, want, http.StatusUnauthorized, "invalid_token", "the access token does not cover this data service")
			return
		}
		s.refuseResource(w, want, http.StatusForbidden, "insufficient_scope", "the access token does not cover this data service")
		return
	}

	// Whose data is served follows from the token and from nothing else.
	// MedMij forbids a BSN in the request, and no query parameter (patient=,
	// bsn=, ...) may choose another person: the query is not read at all.
	person := tok.username
	if s.faults.on("resource-wrong-person") {
		person = s.records.recordOtherThan(person).person
	}
	if q := r.URL.Query(); (q.Get("patient") != "" || q.Get("bsn") != "") && s.faults.on("bsn-param-honoured") {
		person = q.Get("patient")
	}
	// A person without a record gets an empty search result. (The consent
	// step already refuses such persons; this is the late variant of the
	// availability check, which RFC0015 allows here.)
	bundle := fhirBundle{ResourceType: "Bundle", Type: "searchset"}
	rec, ok := s.records.record(person)
	if !ok && s.faults.on("late-unavailable-500") {
		http.Error(w, "record not found", http.StatusInternalServerError)
		return
	}
	switch {
	case ok && want.scope == allergyScope:
		bundle.Entry = s.allergyEntries(rec)
	case ok:
		bundle.Entry = s.recordEntries(rec)
	}
	// The matches; the included Patient does not count.
	bundle.Total = len(bundle.Entry) - min(len(bundle.Entry), 1)
	setNoStore(w.Header())
	writeTypedJSON(w, http.StatusOK, "application/fhir+json", bundle)
}

// bearerToken reads an access token from the Authorization header.
// present is false when the request carries no Bearer credential at all;
// wellFormed is false when it does but breaks the syntax of RFC 6750 §2.1,
// or sends the header twice.
func bearerToken(header []string) (value string, present, wellFormed bool) {
	if len(header) == 0 {
		return "", false, false
	}
	if len(header) > 1 {
		return "", true, false
	}
	scheme, credentials, _ := strings.Cut(header[0], " ")
	// The scheme name is case-insensitive (RFC 9110 §11.1). Another scheme,
	// such as Basic, is no bearer token: the request is unauthenticated.
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false, false
	}
	credentials = strings.TrimLeft(credentials, " ")
	if !b64token.MatchString(credentials) {
		return "", true, false
	}
	return credentials, true, true
}

// refuseResource answers with a Bearer challenge (RFC 6750 §3) and a FHIR
// OperationOutcome of type security, as the Nictiz MedMij error handling
// examples show for 401 and 403.
func (s *Server) refuseResource(w http.ResponseWriter, want right, status int, bearerError, diagnostics string) {
	challenge := `Bearer realm="toets"`
	if bearerError != "" {
		challenge += `, error="` + bearerError + `"`
	}
	if bearerError == "insufficient_scope" {
		// §3: scope tells the client which scope would have been enough.
		challenge += `, scope="` + want.scope + `"`
	}
	if !(bearerError == "" && s.faults.on("bearer-challenge-missing")) {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	setNoStore(w.Header())
	if s.faults.on("outcome-missing") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(diagnostics + "\n"))
		return
	}
	writeTypedJSON(w, status, "application/fhir+json", fhirOperationOutcome{
		ResourceType: "OperationOutcome",
		Issue: []fhirIssue{{
			Severity:    "error",
			Code:        "security",
			Diagnostics: diagnostics,
		}},
	})
}

// recordEntries are the Bundle entries of one person: the Patient, so the
// client can see whose data it got, and one MedicationStatement.
func (s *Server) recordEntries(rec healthRecord) []fhirEntry {
	base := s.issuer + "/fhir/"
	patientID := rec.person
	statementID := rec.person + "-1"
	return []fhirEntry{
		{
			FullURL: base + "Patient/" + patientID,
			Resource: fhirPatient{
				ResourceType: "Patient",
				ID:           patientID,
				Name:         []fhirName{{Text: rec.name(), Family: rec.family, Given: []string{rec.given}}},
			},
			Search: fhirSearch{Mode: "include"},
		},
		{
			FullURL: base + "MedicationStatement/" + statementID,
			Resource: fhirMedicationStatement{
				ResourceType: "MedicationStatement",
				ID:           statementID,
				Status:       "active",
				Medication:   fhirCodeableConcept{Text: rec.medication},
				Subject:      fhirReference{Reference: "Patient/" + patientID, Display: rec.name()},
			},
			Search: fhirSearch{Mode: "match"},
		},
	}
}

// allergyEntries are the Bundle entries of the allergy service: the
// Patient and the person's AllergyIntolerance, if any.
func (s *Server) allergyEntries(rec healthRecord) []fhirEntry {
	entries := s.recordEntries(rec)[:1]
	if rec.allergy == "" {
		return entries
	}
	id := rec.person + "-allergy-1"
	return append(entries, fhirEntry{
		FullURL: s.issuer + "/fhir/AllergyIntolerance/" + id,
		Resource: fhirAllergyIntolerance{
			ResourceType: "AllergyIntolerance",
			ID:           id,
			Code:         fhirCodeableConcept{Text: rec.allergy},
			Patient:      fhirReference{Reference: "Patient/" + rec.person, Display: rec.name()},
		},
		Search: fhirSearch{Mode: "match"},
	})
}

// The FHIR resources this server writes, with only the elements it fills.
// Structs rather than maps keep resourceType first, as FHIR JSON is
// conventionally written.

type fhirBundle struct {
	ResourceType string      `json:"resourceType"`
	Type         string      `json:"type"`
	Total        int         `json:"total"`
	Entry        []fhirEntry `json:"entry,omitempty"`
}

type fhirEntry struct {
	FullURL  string     `json:"fullUrl"`
	Resource any        `json:"resource"`
	Search   fhirSearch `json:"search"`
}

type fhirSearch struct {
	Mode string `json:"mode"`
}

type fhirPatient struct {
	ResourceType string     `json:"resourceType"`
	ID           string     `json:"id"`
	Name         []fhirName `json:"name"`
}

type fhirName struct {
	Text   string   `json:"text"`
	Family string   `json:"family"`
	Given  []string `json:"given"`
}

type fhirMedicationStatement struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id"`
	Status       string              `json:"status"`
	Medication   fhirCodeableConcept `json:"medicationCodeableConcept"`
	Subject      fhirReference       `json:"subject"`
}

type fhirAllergyIntolerance struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id"`
	Code         fhirCodeableConcept `json:"code"`
	Patient      fhirReference       `json:"patient"`
}

type fhirCodeableConcept struct {
	Text string `json:"text"`
}

type fhirReference struct {
	Reference string `json:"reference"`
	Display   string `json:"display"`
}

type fhirOperationOutcome struct {
	ResourceType string      `json:"resourceType"`
	Issue        []fhirIssue `json:"issue"`
}

type fhirIssue struct {
	Severity    string `json:"severity"`
	Code        string `json:"code"`
	Diagnostics string `json:"diagnostics"`
}
