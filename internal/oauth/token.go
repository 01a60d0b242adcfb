package oauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"
)

// ErrorCodes are the error codes RFC 6749 §5.2 allows at the token endpoint.
// MedMij RFC0015 makes this list exhaustive for the token interface: in
// particular access_denied, an authorization-endpoint code, is not in it.
var ErrorCodes = []string{
	"invalid_request",
	"invalid_client",
	"invalid_grant",
	"unauthorized_client",
	"unsupported_grant_type",
	"invalid_scope",
}

// IsTokenErrorCode reports whether code is in the §5.2 set.
func IsTokenErrorCode(code string) bool {
	for _, c := range ErrorCodes {
		if c == code {
			return true
		}
	}
	return false
}

// TokenResponse is a token endpoint's JSON body, success or error, with the
// members RFC 6749 §5.1 and §5.2 define. Raw keeps every member.
type TokenResponse struct {
	AccessToken      string
	TokenType        string
	ExpiresIn        *float64
	RefreshToken     string
	Scope            string
	Error            string
	ErrorDescription string
	ErrorURI         string
	Raw              map[string]any
}

// ParseTokenResponse decodes a token endpoint body. It fails when the body
// is not a JSON object or a member has the wrong JSON type; what the error
// says is meant for a report.
func ParseTokenResponse(body []byte) (*TokenResponse, error) {
	raw, err := DecodeObject(body)
	if err != nil {
		return nil, err
	}
	tr := &TokenResponse{Raw: raw}
	str := func(name string, dst *string) error {
		v, ok := raw[name]
		if !ok {
			return nil
		}
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s is a JSON %T, not a string", name, v)
		}
		*dst = s
		return nil
	}
	for name, dst := range map[string]*string{
		"access_token": &tr.AccessToken, "token_type": &tr.TokenType, "refresh_token": &tr.RefreshToken,
		"scope": &tr.Scope, "error": &tr.Error, "error_description": &tr.ErrorDescription, "error_uri": &tr.ErrorURI,
	} {
		if err := str(name, dst); err != nil {
			return tr, err
		}
	}
	if v, ok := raw["expires_in"]; ok {
		n, ok := v.(float64)
		if !ok {
			return tr, fmt.Errorf("expires_in is a JSON %T, not a number", v)
		}
		tr.ExpiresIn = &n
	}
	return tr, nil
}

// IsJSON reports whether a Content-Type is application/json (parameters
// such as charset allowed).
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// BadDescriptionChars returns the characters of an error_description that
// RFC 6749 §5.2 does not allow (it allows %x20-21 / %x23-5B / %x5D-7E: no
// quote, no backslash, nothing outside printable ASCII).
func BadDescriptionChars(s string) []rune {
	var bad []rune
	for _, r := range s {
		if !(r == 0x20 || r == 0x21 || (r >= 0x23 && r <= 0x5B) || (r >= 0x5D && r <= 0x7E)) {
			bad = append(bad, r)
		}
	}
	return bad
}

// DecodeObject decodes a JSON object strictly: the body must be valid UTF-8
// (RFC 8259 §8.1; encoding/json would silently replace bad bytes) and no
// member name may appear twice (RFC 8259 §4 leaves duplicates to the
// parser, so a response with two "error" members means different things to
// different clients: toets refuses to pick one).
func DecodeObject(body []byte) (map[string]any, error) {
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("the body is not valid UTF-8 (RFC 8259 §8.1)")
	}
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("the body is not a JSON object: %v", err)
	}
	if raw == nil {
		return nil, fmt.Errorf("the body is JSON null, not an object")
	}
	if name, ok := duplicateMember(body); ok {
		return raw, fmt.Errorf("the JSON object has the member %q more than once; its meaning is ambiguous (RFC 8259 §4)", name)
	}
	return raw, nil
}

// duplicateMember finds a member name used twice in the top-level object.
func duplicateMember(body []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", false
		}
		name, _ := t.(string)
		if seen[name] {
			return name, true
		}
		seen[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", false
		}
	}
	return "", false
}
