// Package record is toets's one HTTP client: every request it sends and every
// response it receives is kept as evidence, bodies are read up to a cap, every
// request has a deadline, redirects are never followed (the harness judges
// them), no request goes to a host the target file does not name, and no
// request goes over plain http to a server whose issuer is https.
package record

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults for Options.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultBodyCap  = 1 << 20
	recordedBodyCap = 64 << 10
)

// ErrHostNotAllowed is returned for a request to a host the target file does
// not name: credentials must never reach such a host, not even by a redirect.
var ErrHostNotAllowed = errors.New("host not named in the target file")

// ErrPlainHTTP is returned, before any byte is sent, for a request to an
// http URL when the target's issuer is https. Nearly every request toets
// makes carries a credential (a client secret, a code, a token, a
// password), and a server that asks for TLS on its issuer has promised it
// everywhere: an http endpoint in its metadata is the server's mistake,
// and following it would hand the credential to anyone on the path.
var ErrPlainHTTP = errors.New("the server's issuer is HTTPS; toets sends no credential in plain text")

// ErrNoURL is returned for a request without an absolute URL: a step asked
// for an endpoint that neither the metadata nor the target file names.
// It is toets's or the target file's problem, never the server's.
var ErrNoURL = errors.New("the request has no absolute URL: toets does not know the endpoint it is meant for")

// Options configure a Client.
type Options struct {
	TLS *tls.Config
	// AllowedHosts are host:port or host values the target file names.
	AllowedHosts []string
	// Issuer is the target's issuer (target.Target.IssuerURL). When it is
	// an https URL, requests to http URLs are refused with ErrPlainHTTP;
	// only an http issuer (which target.Resolve allows on loopback only)
	// lets requests go over plain http. Empty sets no scheme policy, for
	// tests of the client itself.
	Issuer string
	// Timeout bounds each request, from dial to the last body byte.
	Timeout time.Duration
	// BodyCap is how much of a response body is read; the rest is dropped
	// and the response marked truncated.
	BodyCap int64
	// Secret registers a secret value seen in an exchange, for redaction.
	Secret func(kind, value string)
}

// Transport is shared by every scenario of a run: connection reuse keeps
// HTTP-only scenarios fast.
type Transport struct {
	opts Options
	rt   *http.Transport
}

// NewTransport makes the run's transport.
func NewTransport(opts Options) *Transport {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.BodyCap == 0 {
		opts.BodyCap = DefaultBodyCap
	}
	if opts.Secret == nil {
		opts.Secret = func(string, string) {}
	}
	d := &net.Dialer{Timeout: opts.Timeout}
	rt := &http.Transport{
		DialContext:           d.DialContext,
		TLSClientConfig:       opts.TLS,
		TLSHandshakeTimeout:   opts.Timeout,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &Transport{opts: opts, rt: rt}
}

// Close drops idle connections.
func (t *Transport) Close() { t.rt.CloseIdleConnections() }

// Exchange is one request the client sent, or refused to send, and what
// came back: the evidence a scenario's report shows. Bodies are clipped to
// what a report keeps.
type Exchange struct {
	// Step is the index of the step that made the request.
	Step     int
	Started  time.Time
	Duration time.Duration
	Request  SentRequest
	Response *ReceivedResponse
	// Err is why there was no response (timeout, TLS, refused connection,
	// refused by the client itself).
	Err string
}

// SentRequest is the request side of an Exchange.
type SentRequest struct {
	Method, URL string
	Header      http.Header
	Body        string
}

// ReceivedResponse is the response side of an Exchange.
type ReceivedResponse struct {
	Status    int
	Proto     string
	Header    http.Header
	Body      string
	Truncated bool
}

// Log is the evidence of one scenario.
type Log struct {
	mu        sync.Mutex
	step      int
	exchanges []Exchange
	refused   []error
}

// SetStep says which step of the scenario is running, so that exchanges are
// shown under the step that made them.
func (l *Log) SetStep(i int) {
	l.mu.Lock()
	l.step = i
	l.mu.Unlock()
}

// Step is the index of the running step.
func (l *Log) Step() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.step
}

// Exchanges returns a copy of what was recorded.
func (l *Log) Exchanges() []Exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Exchange(nil), l.exchanges...)
}

// Refused returns the errors of the requests the client would not send
// (ErrPlainHTTP, ErrHostNotAllowed, ErrNoURL). A step may drop such an
// error and fail later on a missing response; the runner reads them here so
// that the scenario's message says what really happened.
func (l *Log) Refused() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.refused...)
}

func (l *Log) refuse(e Exchange, err error) {
	l.add(e)
	l.mu.Lock()
	l.refused = append(l.refused, err)
	l.mu.Unlock()
}

func (l *Log) add(e Exchange) {
	l.mu.Lock()
	e.Step = l.step
	l.exchanges = append(l.exchanges, e)
	l.mu.Unlock()
}

// Client sends requests for one scenario and records them in its Log.
type Client struct {
	t   *Transport
	log *Log
}

// Client returns a client recording into log.
func (t *Transport) Client(log *Log) *Client { return &Client{t: t, log: log} }

// Response is a received response with its body read (up to the cap).
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	Duration  time.Duration
}

// Do sends req and records the exchange. It never follows redirects. An
// error means there was no HTTP response (it is recorded too).
func (c *Client) Do(ctx context.Context, req *http.Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.t.opts.Timeout)
	defer cancel()
	req = req.WithContext(ctx)
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
		req.ContentLength = int64(len(reqBody))
	}
	c.harvestRequest(req, reqBody)
	ex := Exchange{
		Started: time.Now(),
		Request: SentRequest{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone(), Body: string(clip(reqBody))},
	}
	if err := c.refusal(req.URL); err != nil {
		ex.Err = "not sent: " + err.Error()
		c.log.refuse(ex, err)
		return nil, err
	}
	resp, err := c.t.rt.RoundTrip(req)
	if err != nil {
		ex.Duration = time.Since(ex.Started)
		ex.Err = describe(err, c.t.opts.Timeout)
		c.log.add(ex)
		return nil, &transportError{msg: ex.Err, cause: err}
	}
	defer resp.Body.Close()
	body, truncated, readErr := readCapped(resp.Body, c.t.opts.BodyCap)
	ex.Duration = time.Since(ex.Started)
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body, Truncated: truncated, Duration: ex.Duration}
	c.harvestResponse(out)
	ex.Response = &ReceivedResponse{Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header.Clone(), Body: string(clip(body)), Truncated: truncated || len(body) > recordedBodyCap}
	if readErr != nil {
		ex.Err = "reading the body: " + describe(readErr, c.t.opts.Timeout)
		c.log.add(ex)
		return out, errors.New(ex.Err)
	}
	c.log.add(ex)
	return out, nil
}

// refusal says why a request to u must not be sent, or nil. It runs after
// the request's secrets were harvested, so that the refused request's
// evidence is redacted like any other.
func (c *Client) refusal(u *url.URL) error {
	switch {
	case !u.IsAbs() || u.Host == "":
		return fmt.Errorf("%q: %w", withoutQuery(u), ErrNoURL)
	case !c.allowed(u.Host):
		return fmt.Errorf("%s: %w", u.Host, ErrHostNotAllowed)
	}
	return plainHTTP(c.t.opts.Issuer, u)
}

// RefusePlainHTTP is the scheme rule of Client.Do for a user agent that
// does not send through a Client (the browser): the ErrPlainHTTP error Do
// would return for rawURL under issuer, or nil.
func RefusePlainHTTP(issuer, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	return plainHTTP(issuer, u)
}

func plainHTTP(issuer string, u *url.URL) error {
	iss, err := url.Parse(issuer)
	if err != nil || !strings.EqualFold(iss.Scheme, "https") || !strings.EqualFold(u.Scheme, "http") {
		return nil
	}
	return fmt.Errorf("%s is a plain http URL: %w", withoutQuery(u), ErrPlainHTTP)
}

// withoutQuery names a URL without its query and fragment, which may carry
// a secret (a client_secret in the query is one of the rules).
func withoutQuery(u *url.URL) string {
	v := *u
	v.RawQuery, v.ForceQuery, v.Fragment, v.RawFragment, v.User = "", false, "", "", nil
	return v.String()
}

func (c *Client) allowed(host string) bool {
	h := strings.ToLower(host)
	hostOnly := h
	if hh, _, err := net.SplitHostPort(h); err == nil {
		hostOnly = hh
	}
	for _, a := range c.t.opts.AllowedHosts {
		a = strings.ToLower(a)
		if a == h || a == hostOnly {
			return true
		}
	}
	return false
}

func readCapped(r io.Reader, cap int64) ([]byte, bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, cap+1))
	if int64(len(b)) > cap {
		return b[:cap], true, nil
	}
	return b, false, err
}

// clip keeps what a report can sensibly show of a body.
func clip(b []byte) []byte {
	if len(b) > recordedBodyCap {
		return b[:recordedBodyCap]
	}
	return b
}

// describe turns a transport error into a sentence for a vendor.
func describe(err error, timeout time.Duration) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return fmt.Sprintf("no complete response within %s (%v)", timeout, err)
	case CertificateMismatch(err):
		return fmt.Sprintf("TLS certificate problem: %v (the certificate comes from a trusted CA but does not fit this host or is outside its validity period: the server's certificate is at fault, not the target file)", err)
	case strings.Contains(err.Error(), "certificate"):
		return fmt.Sprintf("TLS certificate problem: %v (check tls.ca_file in the target file)", err)
	case strings.Contains(err.Error(), "connection refused"):
		return fmt.Sprintf("connection refused: %v (is the target running, and is the URL in the target file right?)", err)
	}
	return err.Error()
}
