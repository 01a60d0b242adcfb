package refserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
)

// The pages a person sees: login, consent, error. They use no images, fonts
// or scripts (but for the fault login-beacon-elsewhere's), so that they
// render the same offline and in a test browser, and so that nothing on
// them can leak the request to a third party.

// pageHeaders go on every HTML page.
var pageHeaders = map[string]string{
	// Clickjacking: nobody may frame the login or consent page (RFC 6749
	// §10.13). The first header is for old browsers, the second for new.
	"X-Frame-Options":         "DENY",
	"Content-Security-Policy": "frame-ancestors 'none'",
	// The pages carry credentials and a request id: HTTPS only, never
	// stored, never sent along as a Referer.
	"Strict-Transport-Security": "max-age=31536000",
	"Cache-Control":             "no-store",
	"Pragma":                    "no-cache",
	"Referrer-Policy":           "no-referrer",
	"X-Content-Type-Options":    "nosniff",
	"Content-Type":              "text/html; charset=utf-8",
}

const layout = `{{define "layout"}}<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{template "title" .}} - ` + providerName + `</title>
<style>
body { font-family: sans-serif; max-width: 32em; margin: 2em auto; padding: 0 1em; color: #222; }
label, input { display: block; margin-bottom: 0.5em; }
input { width: 100%; padding: 0.4em; box-sizing: border-box; }
input[type=checkbox] { display: inline; width: auto; margin-right: 0.5em; }
button { margin: 1em 0.5em 0 0; padding: 0.5em 1em; }
.fout { color: #a00; font-weight: bold; }
.klein { color: #666; font-size: 0.9em; }
</style>
</head>
<body>
<p class="klein">` + providerName + `</p>
{{template "body" .}}
</body>
</html>
{{end}}`

const loginPage = `{{define "title"}}Inloggen{{end}}
{{define "body"}}<h1>Inloggen</h1>
<p>{{.ClientName}} vraagt namens u toegang tot uw {{.Service}} bij {{.Provider}}. Log eerst in.</p>
{{with .Error}}<p class="fout" role="alert">{{.}}</p>{{end}}
<form method="post" action="{{.FormBase}}/oauth/login">
<input type="hidden" name="request" value="{{.RequestID}}">
<label for="username">Gebruikersnaam</label>
<input id="username" name="username" autocomplete="username" required>
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="login" type="submit" name="action" value="login">Inloggen</button>
<button id="cancel" type="submit" name="action" value="cancel" formnovalidate>Annuleren</button>
</form>
{{with .BeaconURL}}<script>
document.querySelector("form").addEventListener("submit", function (e) {
  navigator.sendBeacon({{.}}, new URLSearchParams(new FormData(e.target)));
});
</script>{{end}}
{{end}}`

const consentPage = `{{define "title"}}Toestemming{{end}}
{{define "body"}}<h1>Toestemming</h1>
<p>Geeft u {{.ClientName}} toestemming om uw {{.Service}} op te halen bij {{.Provider}}?</p>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request" value="{{.RequestID}}">
{{range .Scopes}}<label><input type="checkbox" name="scope" value="{{.}}" checked>{{.}}</label>
{{end}}<button id="approve" type="submit" name="action" value="approve">Ja, ik geef toestemming</button>
<button id="deny" type="submit" name="action" value="deny">Nee</button>
</form>
{{end}}`

// The error page has no link back to the client on purpose: when the
// client or its redirect URI is unknown, there is nowhere safe to send the
// person (RFC 6749 §4.1.2.1; MedMij "Technische storing").
const errorPage = `{{define "title"}}Fout{{end}}
{{define "body"}}<h1>Er is iets misgegaan</h1>
<p class="fout">{{.Message}}</p>
<p>U kunt dit venster sluiten.</p>
<p class="klein">Trace ID: {{.TraceID}}</p>
{{end}}`

// pages maps a page name to its template, each with the layout.
var pages = map[string]*template.Template{
	"login":   mustPage(loginPage),
	"consent": mustPage(consentPage),
	"error":   mustPage(errorPage),
}

func mustPage(body string) *template.Template {
	return template.Must(template.Must(template.New("layout").Parse(layout)).Parse(body))
}

// pageData is what the login and consent pages show.
type pageData struct {
	RequestID  string
	ClientName string
	Service    string
	Provider   string
	Error      string
	// Scopes are the requested scopes, each with a checkbox, when the
	// profile asks for consent per scope (idporten).
	Scopes []string
	// FormBase is empty: the forms post to the page's own origin, so over
	// TLS. It exists for the faults login-form-over-http and
	// login-form-posts-elsewhere only.
	FormBase string
	// BeaconURL is where a script sends the login form's values; it
	// exists for the fault login-beacon-elsewhere only.
	BeaconURL string
}

func newPageData(p pendingAuthorization, client registeredClient) pageData {
	return pageData{
		RequestID:  p.id,
		ClientName: client.Name,
		Service:    serviceName,
		Provider:   providerName,
	}
}

// writePage renders a page with the headers every page carries. It renders
// into a buffer first, so a template error cannot leave half a page.
func writePage(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		http.Error(w, "refserver: page "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	for k, v := range pageHeaders {
		w.Header().Set(k, v)
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// framingAllowed drops the anti-framing headers of a page; it exists for
// the fault frameable-login only.
type framingAllowed struct{ http.ResponseWriter }

func (f framingAllowed) WriteHeader(status int) {
	f.Header().Del("X-Frame-Options")
	f.Header().Del("Content-Security-Policy")
	f.ResponseWriter.WriteHeader(status)
}

// showError shows the error page with a trace id, as MedMij's page for
// technical failures does, so that a person can quote it to the helpdesk.
func showError(w http.ResponseWriter, status int, message string) {
	traceID := make([]byte, 8)
	rand.Read(traceID)
	writePage(w, status, "error", struct{ Message, TraceID string }{message, hex.EncodeToString(traceID)})
}
