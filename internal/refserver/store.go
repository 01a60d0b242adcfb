package refserver

import (
	"crypto/rsa"
	"slices"
	"sync"
	"time"
)

// This file holds what the server knows: who may ask (clients, users), what
// it serves (records), and what it handed out (pending authorizations,
// codes, tokens). Each kind sits behind a small interface so that a vendor
// sees what a real server needs from its database, and nothing more.

// registeredClient is a Client with what only the server needs to know.
type registeredClient struct {
	Client
	// grantTypes are the grants the client may use (as grant_types in RFC
	// 7591 §2); any other is unauthorized_client (RFC 6749 §5.2).
	grantTypes []string
	// publicKey is the registered key of a private_key_jwt client (RFC
	// 7523 §3, OIDC Core §9); nil for the others.
	publicKey *rsa.PublicKey
}

func (c registeredClient) mayUse(grantType string) bool {
	return slices.Contains(c.grantTypes, grantType)
}

// clientStore is the server's copy of the MedMij OAuth Client List.
type clientStore interface {
	client(id string) (registeredClient, bool)
	all() []registeredClient
}

// userStore holds the persons who can log in.
type userStore interface {
	user(username string) (User, bool)
	all() []User
}

// recordStore holds the health data the provider serves.
type recordStore interface {
	record(person string) (healthRecord, bool)
	// recordOtherThan exists for the fault resource-wrong-person only.
	recordOtherThan(person string) healthRecord
}

// pendingStore holds authorization requests between the authorization
// request and the person's answer on the consent page.
type pendingStore interface {
	savePending(p pendingAuthorization)
	pending(id string) (pendingAuthorization, bool)
	// takePending removes and returns it, so that an answer counts once.
	takePending(id string) (pendingAuthorization, bool)
}

// codeStore holds authorization codes (RFC 6749 §4.1.2).
type codeStore interface {
	saveCode(c authorizationCode)
	code(value string) (authorizationCode, bool)
	// markCodeUsed records a redemption and reports whether it was the
	// first. It is one step, so two simultaneous redemptions cannot both
	// be first.
	markCodeUsed(value string) (first bool)
}

// tokenStore holds access and refresh tokens.
type tokenStore interface {
	saveToken(t token)
	token(value string) (token, bool)
	// revokeToken reports whether the token was not yet revoked, so that
	// refresh token rotation can use it as a one-time check.
	revokeToken(value string) (wasLive bool)
	// revokeGrant revokes every token issued under one authorization.
	revokeGrant(grantID string)
}

// pendingAuthorization is a validated authorization request waiting for the
// person to log in and answer.
type pendingAuthorization struct {
	id            string
	clientID      string
	redirectURI   string
	state         string
	scope         string
	codeChallenge string
	// nonce is the OIDC nonce, for the ID token (idtoken.go).
	nonce     string
	expiresAt time.Time
	// username is empty until the person logged in.
	username string
	// untrusted is set, under the faults that check the client only after
	// the login, to what the person is shown (or sent) once logged in.
	untrusted *untrustedRequest
}

// authorizationCode is what the client exchanges for tokens.
type authorizationCode struct {
	value         string
	clientID      string
	redirectURI   string
	scope         string
	codeChallenge string
	username      string
	// nonce is the OIDC nonce of the authorization request.
	nonce string
	// grantID ties the code to every token issued from it, so that a
	// reused code can revoke them (RFC 6749 §4.1.2).
	grantID   string
	expiresAt time.Time
	used      bool
}

type tokenKind int

const (
	accessToken tokenKind = iota + 1
	refreshToken
)

type token struct {
	value    string
	kind     tokenKind
	clientID string
	// username is empty for client_credentials tokens: there is no person.
	username  string
	scope     string
	grantID   string
	issuedAt  time.Time
	expiresAt time.Time
	revoked   bool
	// audience are the resources the token is meant for (RFC 8707 §2);
	// empty means every resource of this server.
	audience []string
}

// liveAt reports whether the token may be used at time now.
func (t token) liveAt(now time.Time) bool {
	return !t.revoked && now.Before(t.expiresAt)
}

// healthRecord is what the provider holds on one person.
type healthRecord struct {
	// person is the username, or an id for a patient without an account.
	person     string
	given      string
	family     string
	medication string
	// allergy is what /fhir/AllergyIntolerance serves; empty for none.
	allergy string
}

func (r healthRecord) name() string { return r.given + " " + r.family }

// The fixed registrations. Secrets and passwords are new at every Start.

type staticClients []registeredClient

// reservedSecretChars end the primary client's secret: characters that RFC
// 6749 §2.3.1 form-encodes before the Basic encoding, so that a client or
// server that skips the step fails.
const reservedSecretChars = "+/:% &="

// newClients registers the clients. newKey makes the key pair of the
// private_key_jwt client and returns it with the private key in PEM.
func newClients(newSecret func() string, newKey func() (*rsa.PrivateKey, string)) staticClients {
	jwtKey, jwtKeyPEM := newKey()
	return staticClients{
		{
			Client: Client{
				ID:          "pgo-one.toets.invalid",
				Secret:      newSecret() + reservedSecretChars,
				AuthMethod:  "client_secret_basic",
				RedirectURI: "https://pgo-one.toets.invalid/callback",
				Name:        "PGO Een",
				Rights:      []string{dataScope, allergyScope},
			},
			grantTypes: []string{"authorization_code", "refresh_token"},
		},
		{
			Client: Client{
				ID:          "pgo-two.toets.invalid",
				Secret:      newSecret(),
				AuthMethod:  "client_secret_post",
				RedirectURI: "https://pgo-two.toets.invalid/callback",
				Name:        "PGO Twee",
				Rights:      []string{dataScope},
				// Its client_credentials tokens read the status (seed 003).
				DefaultScopes: []string{statusScope},
			},
			grantTypes: []string{"authorization_code", "refresh_token", "client_credentials"},
		},
		{
			// Authenticates with a JWT signed by its own key (acm, oidc).
			// The server makes the key pair so that the harness can sign;
			// Secret hands over the private half, the server checks with
			// the public half only.
			Client: Client{
				ID:          "pgo-three.toets.invalid",
				Secret:      jwtKeyPEM,
				AuthMethod:  "private_key_jwt",
				RedirectURI: "https://pgo-three.toets.invalid/callback",
				Name:        "PGO Drie",
				Rights:      []string{dataScope, allergyScope},
			},
			grantTypes: []string{"authorization_code", "refresh_token"},
			publicKey:  &jwtKey.PublicKey,
		},
	}
}

func (cs staticClients) client(id string) (registeredClient, bool) {
	for _, c := range cs {
		if c.ID == id {
			return c, true
		}
	}
	return registeredClient{}, false
}

func (cs staticClients) all() []registeredClient { return slices.Clone(cs) }

type staticUsers []User

func newUsers(newSecret func() string) staticUsers {
	return staticUsers{
		{Username: "alice", Password: newSecret(), Name: "Alice Toets", HasData: true, Rights: []string{dataScope, allergyScope}},
		{Username: "bob", Password: newSecret(), Name: "Bob Toets", HasData: false},
		// dave passes the early availability check but has no record.
		{Username: "dave", Password: newSecret(), Name: "Dave Toets", HasData: true, LateUnavailable: true, Rights: []string{dataScope}},
		// emma has data but not the allergy right: with alice she gives the
		// rights checks (seed 000) a person on each side of that right.
		{Username: "emma", Password: newSecret(), Name: "Emma Toets", HasData: true, Rights: []string{dataScope}},
	}
}

func (us staticUsers) user(username string) (User, bool) {
	for _, u := range us {
		if u.Username == username {
			return u, true
		}
	}
	return User{}, false
}

func (us staticUsers) all() []User { return slices.Clone(us) }

type staticRecords []healthRecord

// newRecords holds alice's record and that of a patient who has no account
// here. Bob has no record: that is why his availability check fails.
func newRecords() staticRecords {
	return staticRecords{
		{person: "alice", given: "Alice", family: "Toets", medication: "Paracetamol 500 mg tablet", allergy: "Penicilline"},
		{person: "carla", given: "Carla", family: "Toets", medication: "Metoprolol 50 mg tablet"},
		{person: "emma", given: "Emma", family: "Toets", medication: "Omeprazol 20 mg capsule", allergy: "Pinda"},
	}
}

func (rs staticRecords) record(person string) (healthRecord, bool) {
	for _, r := range rs {
		if r.person == person {
			return r, true
		}
	}
	return healthRecord{}, false
}

func (rs staticRecords) recordOtherThan(person string) healthRecord {
	for _, r := range rs {
		if r.person != person {
			return r
		}
	}
	panic("refserver: the record store needs at least two persons")
}

// memoryStore keeps pending authorizations, codes and tokens in maps under
// one lock. Nothing expires from it: a server lives for one test run.
type memoryStore struct {
	mu       sync.Mutex
	pendings map[string]pendingAuthorization
	codes    map[string]authorizationCode
	tokens   map[string]token
}

func newMemoryStore() *memoryStore {
	return &memoryStore{
		pendings: map[string]pendingAuthorization{},
		codes:    map[string]authorizationCode{},
		tokens:   map[string]token{},
	}
}

func (m *memoryStore) savePending(p pendingAuthorization) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pendings[p.id] = p
}

func (m *memoryStore) pending(id string) (pendingAuthorization, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.pendings[id]
	return p, ok
}

func (m *memoryStore) takePending(id string) (pendingAuthorization, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.pendings[id]
	delete(m.pendings, id)
	return p, ok
}

func (m *memoryStore) saveCode(c authorizationCode) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.codes[c.value] = c
}

func (m *memoryStore) code(value string) (authorizationCode, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.codes[value]
	return c, ok
}

func (m *memoryStore) markCodeUsed(value string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.codes[value]
	if !ok || c.used {
		return false
	}
	c.used = true
	m.codes[value] = c
	return true
}

func (m *memoryStore) saveToken(t token) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[t.value] = t
}

func (m *memoryStore) token(value string) (token, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[value]
	return t, ok
}

func (m *memoryStore) revokeToken(value string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[value]
	if !ok || t.revoked {
		return false
	}
	t.revoked = true
	m.tokens[value] = t
	return true
}

func (m *memoryStore) revokeGrant(grantID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for v, t := range m.tokens {
		if t.grantID == grantID {
			t.revoked = true
			m.tokens[v] = t
		}
	}
}
