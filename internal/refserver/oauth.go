package refserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// What every endpoint shares: error values, form bodies, scopes, JSON.

// oauthError is an OAuth error response: a code from RFC 6749 §4.1.2.1 (on
// the front channel) or §5.2 (on the back channel), and a description for
// the developer reading the response.
type oauthError struct {
	code        string
	description string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func errorf(code, format string, args ...any) *oauthError {
	return &oauthError{code: code, description: fmt.Sprintf(format, args...)}
}

// backChannelStatus is the error set of RFC 6749 §5.2 with the HTTP status
// of each. invalid_client is 401 because the client tried to authenticate
// (§5.2 allows 400 only when it did not, and 401 is never wrong there).
// Nothing else may appear at the token, introspection or revocation
// endpoint: MedMij RFC0015 removed access_denied from the token interface.
var backChannelStatus = map[string]int{
	"invalid_request":        http.StatusBadRequest,
	"invalid_client":         http.StatusUnauthorized,
	"invalid_grant":          http.StatusBadRequest,
	"unauthorized_client":    http.StatusBadRequest,
	"unsupported_grant_type": http.StatusBadRequest,
	"invalid_scope":          http.StatusBadRequest,
	// RFC 8707 §2 adds invalid_target for resource indicators (acm).
	"invalid_target": http.StatusBadRequest,
}

// writeBackChannelError writes a §5.2 error response.
func writeBackChannelError(w http.ResponseWriter, e *oauthError) {
	status, ok := backChannelStatus[e.code]
	if !ok {
		// Only a fault (token-access-denied) produces a code outside §5.2.
		status = http.StatusBadRequest
	}
	if status == http.StatusUnauthorized {
		// RFC 6749 §5.2 asks for the challenge when the client used the
		// Authorization header; RFC 9110 §15.5.2 asks for it on every 401.
		w.Header().Set("WWW-Authenticate", `Basic realm="toets"`)
	}
	if !validErrorDescription(e.description) {
		panic("refserver: error_description outside the RFC 6749 §5.2 characters: " + e.description)
	}
	setNoStore(w.Header())
	writeJSON(w, status, struct {
		Error       string `json:"error"`
		Description string `json:"error_description,omitempty"`
	}{e.code, e.description})
}

// refuseMethod answers a back-channel request that is not a POST (RFC 6749
// §3.2: "The client MUST use the HTTP POST method").
func refuseMethod(w http.ResponseWriter) {
	w.Header().Set("Allow", http.MethodPost)
	setNoStore(w.Header())
	writeJSON(w, http.StatusMethodNotAllowed, struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}{"invalid_request", "use POST"})
}

// validErrorDescription checks the characters RFC 6749 §5.2 allows in
// error_description: %x20-21 / %x23-5B / %x5D-7E, so no quote, no
// backslash, nothing outside printable ASCII.
func validErrorDescription(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// setNoStore forbids caching of a response that carries tokens or
// credentials (RFC 6749 §5.1).
func setNoStore(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeTypedJSON(w, status, "application/json", v)
}

func writeTypedJSON(w http.ResponseWriter, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic("refserver: " + err.Error())
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(body)
}

// maxFormBytes is far above any legitimate request; it only stops a client
// from making the server read forever.
const maxFormBytes = 64 << 10

// readForm reads an application/x-www-form-urlencoded request body (RFC
// 6749 §4.1.3, §3.2). Only the body counts: parameters in the URL are not
// part of a POST request here, and credentials there would end up in logs
// (§2.3.1: "MUST NOT be included in the request URI").
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/x-www-form-urlencoded" {
		return nil, errors.New("the body must be application/x-www-form-urlencoded")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFormBytes))
	if err != nil {
		return nil, errors.New("the body could not be read")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errors.New("the body is not valid form encoding")
	}
	return form, nil
}

// repeatedParam returns the first of names that occurs more than once.
// RFC 6749 §3.1 and §3.2: "Request and response parameters MUST NOT be
// included more than once." Only the parameters an endpoint knows are
// checked, because the others must be ignored (§3.1).
func repeatedParam(v url.Values, names ...string) (string, bool) {
	for _, n := range names {
		if len(v[n]) > 1 {
			return n, true
		}
	}
	return "", false
}

// parseScope splits a scope value into its tokens, following RFC 6749 §3.3:
//
//	scope       = scope-token *( SP scope-token )
//	scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
//
// It reports false for anything else, including an empty value, a double
// space and a leading or trailing space.
func parseScope(v string) ([]string, bool) {
	if v == "" {
		return nil, false
	}
	tokens := strings.Split(v, " ")
	for _, t := range tokens {
		if t == "" {
			return nil, false
		}
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
				return nil, false
			}
		}
	}
	return tokens, true
}

// scopeWithin reports whether every token of requested is in granted.
func scopeWithin(requested, granted []string) bool {
	for _, t := range requested {
		if !slices.Contains(granted, t) {
			return false
		}
	}
	return true
}

// joinScope writes scope tokens back as one value, without duplicates, in
// the order given (§3.3: the order does not matter).
func joinScope(tokens []string) string {
	var out []string
	for _, t := range tokens {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}
