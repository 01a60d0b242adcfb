package refserver

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The tests talk to a real server over HTTPS, as the harness does, with a
// client that trusts the throwaway CA and does not follow redirects.

type testServer struct {
	t      *testing.T
	srv    *Server
	desc   Description
	client *http.Client
}

func startServer(t *testing.T, faults ...string) *testServer {
	t.Helper()
	srv, err := Start(Options{Faults: faults})
	require.NoError(t, err)
	desc := srv.Description()
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(desc.CACertPEM), "CACertPEM holds a certificate")
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		require.NoError(t, srv.Close())
	})
	return &testServer{
		t:    t,
		srv:  srv,
		desc: desc,
		client: &http.Client{
			Transport: transport,
			Timeout:   5 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
	}
}

// with is the same server for a subtest: the helpers fail t, not the
// parent test.
func (ts *testServer) with(t *testing.T) *testServer {
	c := *ts
	c.t = t
	return &c
}

func (ts *testServer) alice() User     { return ts.desc.Users[0] }
func (ts *testServer) bob() User       { return ts.desc.Users[1] }
func (ts *testServer) primary() Client { return ts.desc.Clients[0] }
func (ts *testServer) second() Client  { return ts.desc.Clients[1] }

// response is a finished exchange, body read.
type response struct {
	status int
	header http.Header
	body   string
}

func (ts *testServer) do(req *http.Request) response {
	ts.t.Helper()
	resp, err := ts.client.Do(req)
	require.NoError(ts.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(ts.t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (ts *testServer) request(method, path string, body io.Reader, edit func(*http.Request)) response {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.desc.Issuer+path, body)
	require.NoError(ts.t, err)
	if edit != nil {
		edit(req)
	}
	return ts.do(req)
}

func (ts *testServer) get(path string, edit func(*http.Request)) response {
	ts.t.Helper()
	return ts.request(http.MethodGet, path, nil, edit)
}

func (ts *testServer) post(path string, form url.Values, edit func(*http.Request)) response {
	ts.t.Helper()
	return ts.request(http.MethodPost, path, strings.NewReader(form.Encode()), func(req *http.Request) {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if edit != nil {
			edit(req)
		}
	})
}

// clientPost posts a back-channel request, authenticated the way c is
// registered to authenticate.
func (ts *testServer) clientPost(path string, c Client, form url.Values) response {
	ts.t.Helper()
	form = cloneValues(form)
	if c.AuthMethod == "client_secret_post" {
		form.Set("client_id", c.ID)
		form.Set("client_secret", c.Secret)
		return ts.post(path, form, nil)
	}
	return ts.post(path, form, withBasic(c.ID, c.Secret))
}

// withBasic sets client_secret_basic credentials, form-url-encoded before
// the Basic encoding as RFC 6749 §2.3.1 asks.
func withBasic(id, secret string) func(*http.Request) {
	return func(req *http.Request) {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
}

func withBearer(token string) func(*http.Request) {
	return func(req *http.Request) { req.Header.Set("Authorization", "Bearer "+token) }
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.body), &m), "JSON body: %s", r.body)
	return m
}

// redirect splits the Location of a redirect into its address and its
// query parameters.
func (r response) redirect(t *testing.T) (string, url.Values) {
	t.Helper()
	require.Equal(t, http.StatusFound, r.status, "a redirect; body: %s", r.body)
	u, err := url.Parse(r.header.Get("Location"))
	require.NoError(t, err)
	return u.Scheme + "://" + u.Host + u.Path, u.Query()
}

// authorizeQuery is a valid authorization request of c.
func (ts *testServer) authorizeQuery(c Client) url.Values {
	return url.Values{
		"response_type": {"code"},
		"client_id":     {c.ID},
		"redirect_uri":  {c.RedirectURI},
		"scope":         {ts.desc.Scope},
		"state":         {"st-4711"},
	}
}

func (ts *testServer) authorize(query url.Values) response {
	ts.t.Helper()
	return ts.get("/oauth/authorize?"+query.Encode(), nil)
}

var requestIDPattern = regexp.MustCompile(`name="request" value="([^"]+)"`)

// requestID reads the hidden request id from a login or consent page.
func requestID(t *testing.T, page response) string {
	t.Helper()
	m := requestIDPattern.FindStringSubmatch(page.body)
	require.NotNil(t, m, "a request id in the page: %s", page.body)
	return m[1]
}

// login opens the login page for query and logs in as user. It returns
// the page shown after the login, and the request id.
func (ts *testServer) login(query url.Values, user User) (response, string) {
	ts.t.Helper()
	page := ts.authorize(query)
	require.Equal(ts.t, http.StatusOK, page.status, "login page; body: %s", page.body)
	id := requestID(ts.t, page)
	return ts.post("/oauth/login", url.Values{
		"request":  {id},
		"username": {user.Username},
		"password": {user.Password},
		"action":   {"login"},
	}, nil), id
}

// answer walks the front channel up to the person's answer on the consent
// page and returns the redirect to the client.
func (ts *testServer) answer(query url.Values, user User, action string) response {
	ts.t.Helper()
	consent, id := ts.login(query, user)
	require.Equal(ts.t, http.StatusOK, consent.status)
	require.Contains(ts.t, consent.body, `id="approve"`, "the consent page")
	return ts.post("/oauth/consent", url.Values{"request": {id}, "action": {action}}, nil)
}

// code runs the front channel for alice and returns the code.
func (ts *testServer) code(query url.Values) string {
	ts.t.Helper()
	_, params := ts.answer(query, ts.alice(), "approve").redirect(ts.t)
	require.NotEmpty(ts.t, params.Get("code"), "a code in %v", params)
	return params.Get("code")
}

// redeem exchanges code for tokens as client c.
func (ts *testServer) redeem(c Client, code string) response {
	ts.t.Helper()
	return ts.clientPost("/oauth/token", c, url.Values{
		"grant_type":   {"authorization_code"},
		"code":         {code},
		"redirect_uri": {c.RedirectURI},
	})
}

// tokens runs the whole flow for alice and the primary client and returns
// the token response.
func (ts *testServer) tokens() map[string]any {
	ts.t.Helper()
	c := ts.primary()
	resp := ts.redeem(c, ts.code(ts.authorizeQuery(c)))
	require.Equal(ts.t, http.StatusOK, resp.status, resp.body)
	return resp.json(ts.t)
}

func (ts *testServer) resource(edit func(*http.Request)) response {
	ts.t.Helper()
	return ts.get("/fhir/MedicationStatement", edit)
}

// patientNames lists the Patient names in a FHIR Bundle.
func patientNames(t *testing.T, bundle string) []string {
	t.Helper()
	var b struct {
		Entry []struct {
			Resource struct {
				ResourceType string `json:"resourceType"`
				Name         []struct {
					Text string `json:"text"`
				} `json:"name"`
			} `json:"resource"`
		} `json:"entry"`
	}
	require.NoError(t, json.Unmarshal([]byte(bundle), &b), bundle)
	var names []string
	for _, e := range b.Entry {
		if e.Resource.ResourceType == "Patient" {
			for _, n := range e.Resource.Name {
				names = append(names, n.Text)
			}
		}
	}
	return names
}
