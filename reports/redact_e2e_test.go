package reports

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/toets/toets/internal/redact"
)

// The secrets of the end-to-end test: a test user's 3-character password,
// made of characters that every encoding escapes, and a client secret long
// enough to be redacted anywhere.
const (
	shortPassword = "k&9"
	longSecret    = `Cl1ent-s3cret/with+special &<>'"\é`
)

func jsonEscaped(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// lowerHex writes the hex digits of percent escapes in lower case, as some
// servers do.
func lowerHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteString(strings.ToLower(s[i : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func basicOf(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

// leakyScenario is a scenario against a server that echoes what it was sent:
// the short password as a form field, a query parameter, a JSON member, an
// HTML attribute, a header and a Basic credential; the long secret in every
// encoding inside free text.
func leakyScenario(start time.Time) *Scenario {
	pwQuery := url.QueryEscape(shortPassword)
	longEchoes := []string{
		longSecret,
		url.QueryEscape(longSecret),
		strings.ReplaceAll(url.QueryEscape(longSecret), "+", "%20"),
		lowerHex(url.QueryEscape(longSecret)),
		url.PathEscape(longSecret),
		html.EscapeString(longSecret),
		strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(longSecret),
		jsonEscaped(longSecret),
		strings.ReplaceAll(jsonEscaped(longSecret), "/", `\/`),
		base64.StdEncoding.EncodeToString([]byte(longSecret)),
		base64.RawURLEncoding.EncodeToString([]byte(longSecret)),
	}
	page := `<html><body><form method="post" action="/login">
<input type="text" name="username" value="alice">
<input type="password" name="password" value="` + html.EscapeString(shortPassword) + `">
<a href="/retry?user=alice&amp;password=` + html.EscapeString(pwQuery) + `">try again</a>
<p>Debug: the client authenticated with ` + strings.Join(longEchoes, " and ") + `</p>
</form></body></html>`
	return &Scenario{
		ID: "fail-echo", Feature: "Login", FeatureURI: "features/authorization/login.feature",
		Name: "The login page does not echo the password", Line: 3,
		Tags:    []string{"@rule:login-no-echo", "@must", "@authorization"},
		Rule:    Rule{ID: "login-no-echo", Sources: []string{"rfc6749-10.3"}, Level: "must", Interface: "authorization", Profiles: []string{"medmij"}},
		Verdict: Fail, Started: start, Duration: time.Second,
		Message: "the server echoed the client secret: " + url.QueryEscape(longSecret),
		Steps: []Step{
			{Keyword: "When ", Text: "the user logs in", Line: 4, Status: StepPassed},
			{Keyword: "Then ", Text: "the page does not show the password", Line: 5, Status: StepFailed,
				Error: `received {"client_secret":"` + jsonEscaped(longSecret) + `"}`},
		},
		Exchanges: []Exchange{
			{
				Step: 0, Started: start,
				Request: Request{Method: "POST", URL: "https://as.example.test/login?client_id=c&password=" + pwQuery,
					Header: http.Header{
						"Content-Type":  {"application/x-www-form-urlencoded"},
						"Authorization": {"Basic " + basicOf("alice", shortPassword)},
					},
					Body: "username=alice&password=" + pwQuery + "&client_id=c",
				},
				Response: &Response{Status: 200, Proto: "HTTP/1.1",
					Header: http.Header{"Content-Type": {"text/html"}, "X-Echo-Password": {shortPassword}},
					Body:   page,
				},
			},
			{
				Step: 1, Started: start,
				Request: Request{Method: "POST", URL: "https://as.example.test/token",
					Header: http.Header{
						"Content-Type":  {"application/json"},
						"Authorization": {"Basic " + basicOf("c", url.QueryEscape(longSecret))},
					},
					Body: `{"username":"alice","password":"` + jsonEscaped(shortPassword) + `"}`,
				},
				Response: &Response{Status: 400, Proto: "HTTP/1.1",
					Header: http.Header{"Content-Type": {"application/json"}, "Location": {"https://as.example.test/cb?error=x&password=" + pwQuery}},
					Body:   `{"error":"invalid_client","error_description":"secret ` + jsonEscaped(longSecret) + ` is wrong","echo":{"password":"` + jsonEscaped(shortPassword) + `"}}`,
				},
			},
		},
	}
}

// TestNoSecretInAnyReport renders every format of a run whose evidence
// holds both secrets and finds neither in any file: not the short password
// (which the run only holds where it stands whole), in any spelling, and
// not the long secret in any encoding. Each file is searched as written
// and as its format decodes it (HTML entities, JSON strings, XML text and
// attributes, CSV fields), so that a renderer's own escaping cannot hide a
// leak from the search.
func TestNoSecretInAnyReport(t *testing.T) {
	run := testRun(t)
	run.Scenarios = append(run.Scenarios, leakyScenario(run.Started))
	run.Notices = append(run.Notices, redact.ShortNotice("users[0].password", shortPassword))

	r := redact.New()
	r.Add("password", shortPassword)
	r.Add("secret", longSecret)
	dir := t.TempDir()
	files, err := WriteAll(dir, run.Redacted(r.String))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{HTMLFile, ResultsFile, JUnitFile, CucumberFile, RequirementsFile}
	if len(files) != len(want) {
		t.Fatalf("wrote %v, want %v", files, want)
	}

	needles := map[string]string{
		"short password":                   shortPassword,
		"short password, form-encoded":     url.QueryEscape(shortPassword),
		"short password, HTML-escaped":     html.EscapeString(shortPassword),
		"short password, JSON-escaped":     jsonEscaped(shortPassword),
		"short password, Basic credential": basicOf("alice", shortPassword),
	}
	for _, enc := range []struct {
		name string
		f    func(string) string
	}{
		{"raw", func(s string) string { return s }},
		{"form-encoded", url.QueryEscape},
		{"%20", func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }},
		{"lower hex", func(s string) string { return lowerHex(url.QueryEscape(s)) }},
		{"path-escaped", url.PathEscape},
		{"HTML-escaped", html.EscapeString},
		{"&quot;", func(s string) string {
			return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(s)
		}},
		{"JSON-escaped", jsonEscaped},
		{`JSON \/`, func(s string) string { return strings.ReplaceAll(jsonEscaped(s), "/", `\/`) }},
		{"base64", func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
		{"base64url", func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }},
		{"Basic", func(s string) string { return basicOf("c", url.QueryEscape(s)) }},
	} {
		needles["long secret, "+enc.name] = enc.f(longSecret)
	}

	for _, name := range want {
		path := filepath.Join(dir, name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{"as written": string(raw), "decoded": decodeReport(t, name, raw)}
		for how, text := range texts {
			for what, needle := range needles {
				if n := strings.Count(text, needle); n > 0 {
					t.Errorf("%s (%s): %d hits of the %s %q", name, how, n, what, needle)
				}
			}
		}
		// The evidence is there, redacted, not dropped.
		if name == HTMLFile || name == ResultsFile {
			decoded := texts["decoded"]
			for _, fp := range []string{redact.Fingerprint("password", shortPassword), redact.Fingerprint("secret", longSecret)} {
				if !strings.Contains(decoded, fp) {
					t.Errorf("%s: no fingerprint %s: was the evidence rendered?", name, fp)
				}
			}
			if !strings.Contains(decoded, "users[0].password is 3 characters long") {
				t.Errorf("%s: no notice that the password is too short", name)
			}
		}
	}
}

// decodeReport undoes a format's escaping with the standard library's
// readers, so that the search sees the strings as a reader of the file does.
func decodeReport(t *testing.T, name string, raw []byte) string {
	t.Helper()
	var out []string
	switch filepath.Ext(name) {
	case ".html":
		out = append(out, html.UnescapeString(string(raw)))
	case ".json":
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = jsonStrings(v, out)
	case ".xml":
		d := xml.NewDecoder(strings.NewReader(string(raw)))
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch tok := tok.(type) {
			case xml.CharData:
				out = append(out, string(tok))
			case xml.StartElement:
				for _, a := range tok.Attr {
					out = append(out, a.Value)
				}
			}
		}
	case ".csv":
		rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, row := range rows {
			out = append(out, row...)
		}
	default:
		t.Fatalf("%s: no decoder for this format", name)
	}
	return strings.Join(out, "\n")
}

// jsonStrings collects every string of a decoded JSON document, keys too.
// Cucumber JSON carries evidence base64-encoded in embeddings: those are
// decoded as well.
func jsonStrings(v any, out []string) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
		if b, err := base64.StdEncoding.DecodeString(v); err == nil {
			out = append(out, string(b))
		}
	case []any:
		for _, e := range v {
			out = jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range v {
			out = append(out, k)
			out = jsonStrings(e, out)
		}
	}
	return out
}
