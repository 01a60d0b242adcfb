package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"
	"time"
)

// tinyPNG is a real 2x2 PNG, so that tests can check that what comes out of
// a renderer still decodes as an image.
func tinyPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The messages the tests look for in the rendered output.
const (
	failMessage  = "expected error=invalid_grant (RFC 6749 §5.2, MedMij RFC0015)\nreceived error=access_denied\nhint: implementation, the server still answers with the pre-RFC0015 error"
	errorMessage = "the token endpoint could not be reached: dial tcp 127.0.0.1:9: connection refused\nhint: configuration, check token_endpoint in the target file"
	warnMessage  = "expected Pragma: no-cache alongside Cache-Control: no-store\nreceived no Pragma header"
	naMessage    = "the target offers no refresh tokens"
)

// testRun builds a small run with one scenario of each verdict, exchanges
// (one truncated, one with a transport error) and a screenshot.
func testRun(t testing.TB) *Run {
	t.Helper()
	start := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	tokenReq := Request{
		Method: "POST",
		URL:    "https://as.example.test/token",
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		Body:   "grant_type=authorization_code&code=used-code",
	}
	return &Run{
		Tool:     "toets",
		Version:  "0.1.0",
		Started:  start,
		Finished: start.Add(90 * time.Second),
		Target:   Target{Name: "Acme PGO", Profile: "medmij", Issuer: "https://as.example.test", File: "targets/acme.yaml"},
		Notices:  []string{"TLS verification is switched off for this target"},
		Scenarios: []*Scenario{
			{
				ID: "pass-1", Feature: "Token success response", FeatureURI: "features/token/success.feature",
				Name: "A token response is never cached", Line: 8,
				Tags:    []string{"@rule:token-success-response", "@rfc6749-5.1", "@must", "@token"},
				Rule:    Rule{ID: "token-success-response", Sources: []string{"rfc6749-5.1"}, Level: "must", Interface: "token", Profiles: []string{"medmij"}},
				Verdict: Pass, Started: start, Duration: 120 * time.Millisecond,
				Steps: []Step{
					{Keyword: "Given ", Text: "the client holds a fresh authorization code", Line: 9, Status: StepPassed, Duration: 80 * time.Millisecond},
					{Keyword: "When ", Text: "the client redeems it", Line: 10, Status: StepPassed, Duration: 30 * time.Millisecond},
					{Keyword: "Then ", Text: "the response says Cache-Control: no-store", Line: 11, Status: StepPassed},
				},
				Exchanges: []Exchange{{
					Step: 1, Started: start, Duration: 25 * time.Millisecond, Request: tokenReq,
					Response: &Response{Status: 200, Proto: "HTTP/1.1", Header: http.Header{"Cache-Control": {"no-store"}}, Body: `{"access_token":"[redacted]","token_type":"Bearer"}`},
				}},
			},
			{
				ID: "fail-1", Feature: "Token error responses", FeatureURI: "features/token/error-responses.feature",
				Name: "A reused authorization code is refused with invalid_grant", Line: 12,
				Tags:    []string{"@rule:token-error-rfc0015", "@rfc6749-5.2", "@medmij-rfc0015", "@must", "@token"},
				Rule:    Rule{ID: "token-error-rfc0015", Sources: []string{"rfc6749-5.2", "medmij-rfc0015"}, Level: "must", Interface: "token", Profiles: []string{"medmij"}},
				Verdict: Fail, Message: failMessage, Started: start.Add(time.Second), Duration: 1500 * time.Millisecond,
				Steps: []Step{
					{Keyword: "Given ", Text: "the user has authorized the client", Line: 13, Status: StepPassed, Duration: time.Second},
					{Keyword: "When ", Text: "the client redeems the same authorization code a second time", Line: 14, Status: StepPassed, Duration: 40 * time.Millisecond},
					{Keyword: "Then ", Text: "the server answers with error invalid_grant", Line: 15, Status: StepFailed, Error: failMessage},
				},
				Exchanges: []Exchange{{
					Step: 1, Started: start.Add(2 * time.Second), Duration: 33 * time.Millisecond, Request: tokenReq,
					Response: &Response{
						Status: 400, Proto: "HTTP/1.1",
						Header:    http.Header{"Content-Type": {"application/json"}, "Cache-Control": {"no-store"}},
						Body:      `{"error":"access_denied","error_description":"<script>alert(1)</script>"`,
						Truncated: true,
					},
				}},
				Shots: []Screenshot{{Step: 0, Caption: "Consent page of Acme PGO", URL: "https://as.example.test/authorize?client_id=x", PNG: tinyPNG(t), Taken: start.Add(time.Second)}},
				Notes: []string{"the second redemption came 40 ms after the first"},
			},
			{
				ID: "warn-1", Feature: "Token success response", FeatureURI: "features/token/success.feature",
				Name: "A token response also forbids caching by HTTP/1.0 caches", Line: 20,
				Tags:    []string{"@rule:token-pragma", "@rfc6749-5.1", "@should", "@token"},
				Rule:    Rule{ID: "token-pragma", Sources: []string{"rfc6749-5.1"}, Level: "should", Interface: "token", Profiles: []string{"medmij"}},
				Verdict: Warning, Message: warnMessage, Started: start.Add(3 * time.Second), Duration: 50 * time.Millisecond,
				Steps: []Step{{Keyword: "Then ", Text: "the response says Pragma: no-cache", Line: 21, Status: StepFailed, Error: warnMessage}},
			},
			{
				ID: "na-1", Feature: "Refresh tokens", FeatureURI: "features/token/refresh.feature",
				Name: "A refresh token is bound to its client", Line: 5,
				Tags:    []string{"@rule:refresh-bound", "@rfc6749-6", "@must", "@token"},
				Rule:    Rule{ID: "refresh-bound", Sources: []string{"rfc6749-6"}, Level: "must", Interface: "token", Profiles: []string{"medmij"}},
				Verdict: NotApplicable, Message: naMessage, Started: start.Add(4 * time.Second),
				Steps: []Step{{Keyword: "Given ", Text: "the target issues refresh tokens", Line: 6, Status: StepNotApplicable}},
			},
			{
				ID: "err-1", Feature: "Resource access", FeatureURI: "features/resource/access.feature",
				Name: "The resource server serves the data of the token's person", Line: 7,
				Tags:    []string{"@rule:resource-serves-person", "@medmij-rfc0015", "@must", "@resource"},
				Rule:    Rule{ID: "resource-serves-person", Sources: []string{"medmij-rfc0015"}, Level: "must", Interface: "resource", Profiles: []string{"medmij"}},
				Verdict: Error, Message: errorMessage, Started: start.Add(5 * time.Second), Duration: 2 * time.Second,
				Steps: []Step{{Keyword: "When ", Text: "the client asks for the patient's data", Line: 8, Status: StepPassed, Duration: 2 * time.Second}},
				Exchanges: []Exchange{{
					Step: 0, Started: start.Add(5 * time.Second), Duration: 2 * time.Second,
					Request: Request{Method: "GET", URL: "https://rs.example.test/fhir/Patient", Header: http.Header{"Authorization": {"Bearer [redacted]"}}},
					Err:     "dial tcp 127.0.0.1:9: connection refused",
				}},
			},
		},
	}
}
