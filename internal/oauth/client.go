// Package oauth is the client side of OAuth 2.0 as the harness plays it:
// building authorization and token requests, and reading what comes back.
// It is written from the RFCs independently of the reference server, so that
// one misreading cannot hide on both sides.
package oauth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Random returns n random bytes, base64url-encoded without padding.
func Random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux; a harness without it cannot work
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// S256 is the RFC 7636 §4.2 code challenge of a verifier.
func S256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthorizationRequest is an RFC 6749 §4.1.1 request. Params are sent in
// order; a key may appear more than once on purpose.
type AuthorizationRequest struct {
	Endpoint string
	Params   []Param
}

// Param is one query parameter.
type Param struct{ Key, Value string }

// Set replaces every value of key (or appends it).
func (r *AuthorizationRequest) Set(key, value string) {
	r.Del(key)
	r.Params = append(r.Params, Param{key, value})
}

// Add appends a parameter, also when key is already there.
func (r *AuthorizationRequest) Add(key, value string) { r.Params = append(r.Params, Param{key, value}) }

// Del removes every value of key.
func (r *AuthorizationRequest) Del(key string) {
	out := r.Params[:0]
	for _, p := range r.Params {
		if p.Key != key {
			out = append(out, p)
		}
	}
	r.Params = out
}

// Get returns the first value of key.
func (r *AuthorizationRequest) Get(key string) string {
	for _, p := range r.Params {
		if p.Key == key {
			return p.Value
		}
	}
	return ""
}

// URL is the request as the browser is sent to it.
func (r *AuthorizationRequest) URL() string {
	var q strings.Builder
	for i, p := range r.Params {
		if i > 0 {
			q.WriteByte('&')
		}
		q.WriteString(url.QueryEscape(p.Key))
		q.WriteByte('=')
		q.WriteString(url.QueryEscape(p.Value))
	}
	sep := "?"
	if strings.Contains(r.Endpoint, "?") {
		sep = "&"
	}
	return r.Endpoint + sep + q.String()
}

// Callback is what the authorization server sent back to the redirect URI.
type Callback struct {
	URL *url.URL
	// Values are the query parameters (RFC 6749 §4.1.2).
	Values url.Values
}

// ParseCallback reads a redirect to the client.
func ParseCallback(u *url.URL) Callback { return Callback{URL: u, Values: u.Query()} }

// Has reports whether the parameter is present (even empty).
func (c Callback) Has(key string) bool { _, ok := c.Values[key]; return ok }

// Get returns the first value of a parameter.
func (c Callback) Get(key string) string { return c.Values.Get(key) }

// Credentials are a client's identity at the token endpoint.
type Credentials struct {
	ClientID string
	Secret   string
	// Method is client_secret_basic, client_secret_post, private_key_jwt
	// (Secret is then the PEM private key) or none.
	Method string
}

// TokenRequest builds a POST to the token endpoint with the client
// authenticated as its method says.
func TokenRequest(endpoint string, c Credentials, form url.Values) (*http.Request, error) {
	form = cloneValues(form)
	switch c.Method {
	case "client_secret_post":
		form.Set("client_id", c.ClientID)
		form.Set("client_secret", c.Secret)
	case "none", "tls_client_auth":
		// tls_client_auth (RFC 8705 §2.1): the client_id goes in the body,
		// the proof is the TLS client certificate of the connection.
		form.Set("client_id", c.ClientID)
	case "private_key_jwt":
		// Secret is the client's private key (PEM); see assertion.go.
		key, err := ParseRSAPrivateKey(c.Secret)
		if err != nil {
			return nil, fmt.Errorf("the private_key_jwt client's key: %w", err)
		}
		assertion, err := Assertion{ClientID: c.ClientID, Audience: endpoint, Key: key}.Sign()
		if err != nil {
			return nil, err
		}
		form.Set("client_id", c.ClientID)
		form.Set("client_assertion_type", JWTBearerType)
		form.Set("client_assertion", assertion)
	}
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if c.Method == "client_secret_basic" {
		SetBasic(req, c.ClientID, c.Secret)
	}
	return req, nil
}

// SetBasic sets HTTP Basic client authentication the way RFC 6749 §2.3.1
// says: the client id and secret are form-encoded before they are joined and
// base64-encoded (a step many clients and servers forget).
func SetBasic(req *http.Request, id, secret string) {
	raw := url.QueryEscape(id) + ":" + url.QueryEscape(secret)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(raw)))
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
