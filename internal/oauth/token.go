package oauth

import (
	"encoding/json"
	"fmt"
	"mime"
	"strings"
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
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("the body is not a JSON object: %v", err)
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
