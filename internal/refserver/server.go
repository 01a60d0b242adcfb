package refserver

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures Start.
type Options struct {
	// Addr is the listen address. The default is "127.0.0.1:0", a free port
	// on the loopback interface. Only loopback addresses are accepted: the
	// server hands out test secrets to anyone who asks.
	Addr string
	// Faults are names from the fault table (faults.go).
	Faults []string
	// CA signs the server certificate; nil makes a new throwaway CA.
	CA *CA
	// Profile is the profile the server plays: "medmij" (the default),
	// "oauth2", "idporten", "acm" or "oidc". Behaviour that differs between
	// profiles (PKCE required, declined scopes left out, ...) asks
	// s.profile.
	Profile string
	// TestControl enables POST /_toets/clock (testcontrol.go), which moves
	// the server's clock for whoever holds Description().TestControlToken.
	// Only internal/embedded sets it; a served reference is otherwise
	// exactly the server a vendor reads.
	TestControl bool
}

// Description is what a harness needs to know to test a running server.
type Description struct {
	// Issuer is "https://127.0.0.1:<port>", without a trailing slash.
	Issuer string
	// CACertPEM is the throwaway CA that signed the server certificate.
	CACertPEM []byte
	// Clients: [0] is the primary client, [1] the second client.
	Clients []Client
	// Users: [0] "alice" has data; [1] "bob" has none, so the availability
	// check fails for him; [2] "dave" passes the early check but has no
	// record (LateUnavailable); [3] "emma" has data but fewer rights than
	// alice (seed 000).
	Users []User
	// Scope is the scope a client requests for the data service.
	Scope string
	// ResourceURL is the absolute URL of the FHIR resource Scope gives
	// access to.
	ResourceURL string
	// Faults are the active faults, sorted.
	Faults []string
	// Profile is the profile the server plays.
	Profile string
	// TestControlToken is the bearer secret of POST /_toets/clock; empty
	// when Options.TestControl is off.
	TestControlToken string
	// ServiceName and ProviderName are what the consent question names
	// (MedMij core.usrint.102: NaamGegevensdienst, NaamAanbieder).
	ServiceName, ProviderName string
	// DeclinableScope is a second scope a person may decline on the
	// consent page; only the idporten profile has one.
	DeclinableScope string
	// Rights are the data services a grant can open, one scope each; a
	// grant holds the rights both the client and the person have (seed
	// 000, rights.go). Clients[].Rights and Users[].Rights name them.
	Rights []Right
	// BackChannel is the base URL of the mutual-TLS listener (mtls.go);
	// in the medmij profile the metadata's token_endpoint is there.
	BackChannel string
	// ClientCertPEM and ClientKeyPEM are the certificate and private key
	// of the tls_client_auth client (medmij profile only).
	ClientCertPEM, ClientKeyPEM []byte
}

// Right is one data service: the scope that opens it and the absolute URL
// of its FHIR resource.
type Right struct {
	Name, Scope, URL string
}

// Client is a registered OAuth client, as on the MedMij OAuth Client List.
type Client struct {
	// ID is the hostname of the client, as MedMij uses it.
	ID     string
	Secret string
	// AuthMethod is "client_secret_basic" or "client_secret_post".
	AuthMethod  string
	RedirectURI string
	// Name is the name the consent page shows (NaamLeverancierPGO).
	Name string
	// Rights are the scopes of the rights the client is registered with
	// (seed 000).
	Rights []string
	// DefaultScopes are added to every client_credentials token of the
	// client, asked for or not (seed 003, ACM "default" scopes;
	// grant_client_credentials.go).
	DefaultScopes []string
}

// User is a person who can log in at the authorization server.
type User struct {
	Username, Password, Name string
	// HasData tells whether the provider holds data of this person, which
	// is what the MedMij availability check (beschikbaarheidstoets) asks.
	HasData bool
	// LateUnavailable marks a person who passes the early availability
	// check (at consent) but for whom the resource server finds no data:
	// the late variant of the check, which RFC0015 allows at the resource
	// interface and forbids at the token interface.
	LateUnavailable bool
	// Rights are the scopes of the rights the person has (seed 000).
	Rights []string
}

// Lifetimes. MedMij does not fix the code lifetime; RFC 6749 §4.1.2 asks
// for a short one. 15 minutes for access tokens follows MedMij RFC0039, half
// a year for refresh tokens follows MedMij's long-lived consent (RFC0054).
const (
	codeLifetime         = 60 * time.Second
	accessTokenLifetime  = 900 * time.Second
	refreshTokenLifetime = 183 * 24 * time.Hour
	// pendingLifetime bounds how long a person may take to log in and
	// consent.
	pendingLifetime = 10 * time.Minute
)

// The data service this provider offers.
const (
	// dataScope is the scope of the data service, in the MedMij 2.2 form
	// for Verzamelen: the provider's name, nothing else.
	dataScope = "eenofanderezorgaanbieder"
	// statusScope is what client_credentials tokens get. It grants no
	// person's data: a client without a person has no data to collect. It
	// also gives the harness a valid token that lacks dataScope.
	statusScope = "toets:status"
	// contactScope exists in the idporten profile only: a second scope a
	// person may decline on the consent page.
	contactScope = "toets:contact"
	serviceName  = "Medicatiegegevens"
	providerName = "Zorgaanbieder Toets"
	resourcePath = "/fhir/MedicationStatement"
	// allergyScope opens a second data service, allergyPath: a right that
	// some clients and persons have and others do not (rights.go).
	allergyScope = "toets:allergies"
	allergyPath  = "/fhir/AllergyIntolerance"
)

// Server is a running reference server.
type Server struct {
	// profile is the profile the server plays (Options.Profile).
	profile string
	faults  faultSet
	issuer  string
	caPEM   []byte

	clients clientStore
	users   userStore
	records recordStore
	pending pendingStore
	codes   codeStore
	tokens  tokenStore

	// signingKey signs ID tokens and JWT access tokens (signingkey.go).
	signingKey keySource

	// clockOffset is what Advance added to the wall clock, in nanoseconds.
	clockOffset atomic.Int64
	// usedAssertions remembers the jti of every client assertion until it
	// expires, so that none is accepted twice (RFC 7523 §3).
	usedAssertions usedJTIs
	// testControlToken authorises the test-control hook; empty when it is
	// off.
	testControlToken string

	issuedMu sync.Mutex
	issued   []string

	http *http.Server
	// back is the back-channel listener for mutual TLS (mtls.go).
	back *backChannel
}

// Start creates the clients, users, keys and certificates, and serves HTTPS
// in the background until Close.
func Start(opts Options) (*Server, error) {
	faults, err := newFaultSet(opts.Faults)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ip, err := loopbackIP(addr)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("refserver: listen: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	issuer := "https://" + net.JoinHostPort(ip.String(), strconv.Itoa(port))

	profile := opts.Profile
	if profile == "" {
		profile = "medmij"
	}
	ca := opts.CA
	if ca == nil {
		if ca, err = NewCA(); err != nil {
			ln.Close()
			return nil, err
		}
	}
	tlsConfig, err := ca.serverConfig(ip, frontCertificate(faults))
	if err != nil {
		ln.Close()
		return nil, err
	}
	caPEM := ca.CertPEM()
	memory := newMemoryStore()
	s := &Server{
		faults:     faults,
		profile:    profile,
		issuer:     issuer,
		caPEM:      caPEM,
		pending:    memory,
		codes:      memory,
		tokens:     memory,
		records:    newRecords(),
		signingKey: newSigningKey(faults),
	}
	if opts.TestControl {
		s.testControlToken = s.newSecret()
	}
	// The registrations name the medication right by the profile's scope
	// (scopes.go).
	s.clients, s.users = s.profileRights(append(newClients(s.newSecret, s.newClientKey), s.mtlsClients()...), newUsers(s.newSecret))

	s.http = &http.Server{
		Handler:           s.withHSTSFault(s.routes()),
		TLSConfig:         s.withTLSFaults(tlsConfig),
		ReadHeaderTimeout: 10 * time.Second,
		// The harness offers old TLS versions and weak suites on purpose;
		// the refused handshakes are not worth a line on stderr.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	if s.back, err = s.startBackChannel(ip, ca, s.http.TLSConfig, s.http.Handler); err != nil {
		ln.Close()
		return nil, err
	}
	go func() {
		// The certificate is in TLSConfig, hence the empty file names.
		if err := s.http.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("refserver: %v", err)
		}
	}()
	return s, nil
}

// loopbackIP refuses every listen address that is not a loopback IP: the
// server gives its test secrets to anyone who asks, so it must not be
// reachable from another machine.
func loopbackIP(addr string) (net.IP, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("refserver: listen address %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("refserver: listen address %q is not a loopback IP; use 127.0.0.1", addr)
	}
	return ip, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", s.handleMetadata)
	mux.HandleFunc("GET /.well-known/openid-configuration", s.handleOpenIDConfiguration)
	mux.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/login", s.handleLogin)
	mux.HandleFunc("POST /oauth/consent", s.handleConsent)
	mux.HandleFunc("GET /oauth/jwks", s.handleJWKS)
	mux.HandleFunc("GET "+resourcePath, s.handleResource)
	mux.HandleFunc("GET "+allergyPath, s.handleResource)
	mux.HandleFunc("POST "+resourcePath, s.handleResourceWrite)
	// The back-channel endpoints check the method themselves, so that a
	// wrong method is answered in JSON like every other error there.
	mux.HandleFunc("/oauth/token", s.handleToken)
	mux.HandleFunc("/oauth/introspect", s.handleIntrospect)
	mux.HandleFunc("/oauth/revoke", s.handleRevoke)
	if s.testControlToken != "" {
		mux.HandleFunc("POST /_toets/clock", s.handleClock)
	}
	return mux
}

// Description tells how to reach and use the server.
func (s *Server) Description() Description {
	d := Description{
		Issuer:       s.issuer,
		CACertPEM:    slices.Clone(s.caPEM),
		Scope:        s.dataScope(),
		ResourceURL:  s.issuer + resourcePath,
		Faults:       s.faults.names(),
		Profile:      s.profile,
		ServiceName:  serviceName,
		ProviderName: providerName,
	}
	if s.perScopeConsent() {
		d.DeclinableScope = contactScope
	}
	for _, c := range s.clients.all() {
		d.Clients = append(d.Clients, c.Client)
	}
	d.Users = s.users.all()
	for _, r := range s.rights() {
		d.Rights = append(d.Rights, Right{Name: r.name, Scope: r.scope, URL: s.issuer + r.path})
	}
	d.TestControlToken = s.testControlToken
	d.BackChannel = s.back.url
	d.ClientCertPEM, d.ClientKeyPEM = slices.Clone(s.back.certPEM), slices.Clone(s.back.keyPEM)
	return d
}

// Advance moves the server's clock forward. Expiry is tested with it, so
// tests never sleep.
func (s *Server) Advance(d time.Duration) {
	s.clockOffset.Add(int64(d))
}

// now is the server's clock: the wall clock plus every Advance.
func (s *Server) now() time.Time {
	return time.Now().Add(time.Duration(s.clockOffset.Load()))
}

// Issued lists every secret the server created or handed out so far: client
// secrets, passwords, codes, access and refresh tokens. The harness looks
// for them in its reports, where they must never appear.
func (s *Server) Issued() []string {
	s.issuedMu.Lock()
	defer s.issuedMu.Unlock()
	return slices.Clone(s.issued)
}

// Close stops the server and drops its connections.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s.back.http.Close()
	if err := s.http.Shutdown(ctx); err != nil {
		return s.http.Close()
	}
	return nil
}

// newSecret makes a random secret of 32 bytes (RFC 6749 §10.10 asks that
// guessing one be infeasible) and records it for Issued.
func (s *Server) newSecret() string {
	v := randomString(32)
	s.issuedMu.Lock()
	s.issued = append(s.issued, v)
	s.issuedMu.Unlock()
	return v
}

// randomString returns n random bytes, base64url without padding.
// crypto/rand.Read does not fail (it aborts the program instead).
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
