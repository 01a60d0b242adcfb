package peers

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/toets/toets/internal/refserver"
)

// TestOIDCProviderPeer starts the node peer and goes once through its
// pages as a plain HTTP client would (agent: http): a wrong password is
// refused, the right one leads to the consent page, Allow to the redirect
// URI with a code and RFC 9207's iss, Deny to access_denied. Close must
// leave no node process behind.
func TestOIDCProviderPeer(t *testing.T) {
	ca, err := refserver.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	p, err := StartOIDCProvider(ca)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			p.Close()
		}
	}()

	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca.CertPEM())
	jar, _ := cookiejar.New(nil)
	c := &http.Client{
		Jar:       jar,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}},
		Timeout:   10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Host != strings.TrimPrefix(p.Issuer, "https://") {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}

	var md struct {
		Issuer                string `json:"issuer"`
		AuthorizationEndpoint string `json:"authorization_endpoint"`
		ISSParameterSupported bool   `json:"authorization_response_iss_parameter_supported"`
	}
	getJSON(t, c, p.Issuer+"/.well-known/openid-configuration", &md)
	if md.Issuer != p.Issuer || !md.ISSParameterSupported {
		t.Fatalf("metadata: issuer %q (want %q), iss parameter supported %v", md.Issuer, p.Issuer, md.ISSParameterSupported)
	}

	for _, decision := range []string{"approve", "deny"} {
		sum := sha256.Sum256([]byte("a-verifier-of-at-least-43-characters-0123456789"))
		q := url.Values{
			"client_id": {opClientID}, "response_type": {"code"}, "scope": {"openid profile"}, "state": {"s1"},
			"redirect_uri": {"https://pgo-one.toets.invalid/callback"}, "code_challenge_method": {"S256"},
			"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
		}
		page, at := get(t, c, md.AuthorizationEndpoint+"?"+q.Encode())
		login := formAction(t, page, at, "login")
		page, at = post(t, c, login, url.Values{"username": {opUser}, "password": {"wrong"}})
		if !strings.Contains(page, "Wrong username or password") {
			t.Fatalf("a wrong password was not refused: %s", page)
		}
		page, at = post(t, c, formAction(t, page, at, "login"), url.Values{"username": {opUser}, "password": {opPassword}})
		action := map[string]string{"approve": "confirm", "deny": "abort"}[decision]
		resp, err := c.PostForm(formAction(t, page, at, action), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if loc == nil || loc.Host != "pgo-one.toets.invalid" {
			t.Fatalf("%s: no redirect to the client, HTTP %d Location %q", decision, resp.StatusCode, resp.Header.Get("Location"))
		}
		got := loc.Query()
		if got.Get("iss") != p.Issuer || got.Get("state") != "s1" {
			t.Errorf("%s: redirect %s lacks iss=%s or state", decision, loc, p.Issuer)
		}
		if decision == "approve" && got.Get("code") == "" || decision == "deny" && got.Get("error") != "access_denied" {
			t.Errorf("%s: redirect %s", decision, loc)
		}
		jar, _ = cookiejar.New(nil) // a new person's browser for the next round
		c.Jar = jar
	}

	t.Logf("peer output:\n%s", p.Output())
	pid := p.pid
	if pid == 0 {
		t.Fatal("the peer recorded no process id")
	}
	p.Close()
	closed = true
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("node (pid %d) still runs after Close: %v", pid, err)
	}
}

var actionRE = regexp.MustCompile(`action="([^"]+)"`)

// formAction is the form of page whose action ends in suffix, resolved
// against the page's URL.
func formAction(t *testing.T, page string, at *url.URL, suffix string) string {
	t.Helper()
	for _, m := range actionRE.FindAllStringSubmatch(page, -1) {
		if strings.HasSuffix(m[1], "/"+suffix) {
			u, err := at.Parse(m[1])
			if err != nil {
				t.Fatal(err)
			}
			return u.String()
		}
	}
	t.Fatalf("no form ending in %s on %s:\n%s", suffix, at, page)
	return ""
}

func get(t *testing.T, c *http.Client, u string) (string, *url.URL) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return body(t, resp)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (string, *url.URL) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	return body(t, resp)
}

func body(t *testing.T, resp *http.Response) (string, *url.URL) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: HTTP %d %s", resp.Request.URL, resp.StatusCode, b)
	}
	return string(b), resp.Request.URL
}

func getJSON(t *testing.T, c *http.Client, u string, v any) {
	t.Helper()
	page, _ := get(t, c, u)
	if err := json.Unmarshal([]byte(page), v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
}
