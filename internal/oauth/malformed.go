package oauth

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// The token requests here break RFC 6749 §3.2 on purpose, to see whether a
// token endpoint refuses them. They authenticate the client with the
// Authorization header only: a client secret must never travel in a URL
// (§2.3.1), not even in a test, because URLs end up in logs.

// TokenRequestAsGET sends the parameters in the query string of a GET.
func TokenRequestAsGET(endpoint string, c Credentials, form url.Values) (*http.Request, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	for k, vs := range headerOnly(c, form) {
		q[k] = append(q[k], vs...)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	setHeaderCredentials(req, c)
	return req, nil
}

// TokenRequestAsJSON sends the parameters as a JSON object instead of a
// form.
func TokenRequestAsJSON(endpoint string, c Credentials, form url.Values) (*http.Request, error) {
	fields := map[string]string{}
	params := headerOnly(c, form)
	for k := range params {
		fields[k] = params.Get(k)
	}
	body, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	setHeaderCredentials(req, c)
	return req, nil
}

// headerOnly is form plus client_id for a client that does not use the
// Authorization header; its secret is left out.
func headerOnly(c Credentials, form url.Values) url.Values {
	form = cloneValues(form)
	if c.Method != "client_secret_basic" {
		form.Set("client_id", c.ClientID)
	}
	return form
}

func setHeaderCredentials(req *http.Request, c Credentials) {
	if c.Method == "client_secret_basic" {
		SetBasic(req, c.ClientID, c.Secret)
	}
}
