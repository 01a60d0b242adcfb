package record

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/toets/toets/internal/redact"
)

// secretFields are the form, query and JSON fields whose values are secrets.
var secretFields = map[string]string{
	"client_secret":    "secret",
	"password":         "password",
	"code":             "code",
	"code_verifier":    "verifier",
	"refresh_token":    "token",
	"access_token":     "token",
	"id_token":         "token",
	"token":            "token",
	"client_assertion": "assertion",
}

// secretHeaders are headers whose whole values are credentials.
var secretHeaders = []string{"Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization"}

func (c *Client) harvestRequest(req *http.Request, body []byte) {
	c.harvestValues(req.URL.Query())
	for _, h := range secretHeaders {
		for _, v := range req.Header.Values(h) {
			c.harvestHeader(v)
		}
	}
	// RFC 6749 §2.3.1 form-encodes the secret before base64: register
	// both spellings.
	if _, p, ok := req.BasicAuth(); ok {
		c.t.opts.Secret("secret", p)
		if dp, err := url.QueryUnescape(p); err == nil {
			c.t.opts.Secret("secret", dp)
		}
	}
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		c.harvestForm(body)
	}
}

// harvestForm registers the secret fields of a form body.
func (c *Client) harvestForm(body []byte) {
	if v, err := url.ParseQuery(string(body)); err == nil {
		c.harvestValues(v)
	}
}

func (c *Client) harvestValues(v url.Values) {
	for field, kind := range secretFields {
		for _, s := range v[field] {
			c.t.opts.Secret(kind, s)
		}
	}
}

func (c *Client) harvestHeader(v string) {
	c.t.opts.Secret("credential", v)
	if i := strings.IndexByte(v, ' '); i > 0 {
		c.t.opts.Secret("credential", strings.TrimSpace(v[i+1:]))
	}
	for _, part := range strings.Split(v, ";") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		// Redaction replaces a short secret wherever it stands as a whole
		// value, so registering Path=/, Max-Age=3600 or lang=en would hide
		// every "/", 3600 and "en" in the report. Set-Cookie attributes are
		// not secrets, and a session id short enough to be guessed is no
		// credential worth hiding.
		if ok && !cookieAttributes[strings.ToLower(name)] && len(val) >= redact.FreeTextMinLength {
			c.t.opts.Secret("cookie", val)
		}
	}
}

// cookieAttributes are the attribute names of Set-Cookie (RFC 6265 §5.2 and
// its successors), which follow the cookie itself.
var cookieAttributes = map[string]bool{
	"expires": true, "max-age": true, "domain": true, "path": true, "secure": true,
	"httponly": true, "samesite": true, "partitioned": true, "priority": true,
}

func (c *Client) harvestResponse(r *Response) {
	for _, h := range secretHeaders {
		for _, v := range r.Header.Values(h) {
			c.harvestHeader(v)
		}
	}
	if loc := r.Header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			c.harvestValues(u.Query())
			if f, err := url.ParseQuery(u.Fragment); err == nil {
				c.harvestValues(f)
			}
		}
	}
	var obj map[string]any
	if json.Unmarshal(r.Body, &obj) == nil {
		for field, kind := range secretFields {
			if s, ok := obj[field].(string); ok {
				c.t.opts.Secret(kind, s)
			}
		}
	}
}
