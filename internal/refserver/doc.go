// Package refserver is the reference server of toets: a small, strict OAuth
// 2.0 authorization server and resource server that behaves as a MedMij DVA
// (Dienstverlener aanbieder) should. The harness runs its scenarios against
// it to prove that they pass on a correct server, and, started with a fault
// from the table in faults.go, that they fail on a wrong one.
//
// It is also meant to be read by vendors. Each endpoint lives in its own
// file and its comments cite the RFC section or MedMij rule it follows:
//
//	server.go       Options, Start, Description, the clock, the routes
//	tls.go          the throwaway CA and the server certificate
//	tlsfaults.go    the TLS and HSTS faults, applied to the listeners' config
//	mtls.go         the mutual-TLS back channel, tls_client_auth (RFC 8705)
//	store.go        the in-memory stores behind small interfaces
//	oauth.go        what the endpoints share: errors, forms, scopes, JSON
//	pages.go        the HTML pages and their security headers
//	authorize.go    GET  /oauth/authorize   (RFC 6749 §4.1.1, §4.1.2.1)
//	login.go        POST /oauth/login       (authentication of the person)
//	consent.go      POST /oauth/consent     (toestemming, availability check)
//	clientauth.go   client authentication   (RFC 6749 §2.3.1)
//	token.go        POST /oauth/token       (RFC 6749 §3.2, §5)
//	grant_*.go      one file per grant type (§4.1.3, §6, §4.4)
//	resource.go     GET  /fhir/MedicationStatement, /fhir/AllergyIntolerance (RFC 6750)
//	resource_write.go POST /fhir/MedicationStatement (idporten: read scopes do not write, seed 004)
//	scopes.go       the scope names of each profile (idporten: prefix:subscope, seed 004)
//	rights.go       the rights a grant holds: the client's and the person's (seed 000)
//	audience.go     resource indicators and audience-restricted tokens (RFC 8707, acm)
//	metadata.go     GET  /.well-known/oauth-authorization-server (RFC 8414),
//	                /.well-known/openid-configuration (OIDC Discovery; oidc)
//	jwks.go         GET  /oauth/jwks        (RFC 7517; x5c per §4.7)
//	signingkey.go   the RSA-4096 signing key, one per process, made in the background
//	idtoken.go      ID tokens (OIDC Core; oidc)
//	jwtaccess.go    JWT access tokens (RFC 9068; oidc, idporten)
//	introspect.go   POST /oauth/introspect  (RFC 7662; not in the oauth2 profile)
//	revoke.go       POST /oauth/revoke      (RFC 7009; not in the oauth2 profile)
//	faults.go       the fault table
//
// A fault is switched on with Options.Faults and checked at exactly one
// place, as s.faults.on("name"). To add one: a row in faults.go and an if at
// the place where the correct behaviour is decided.
//
// The package shares no code with the harness. A misreading of an RFC
// written once and used on both sides would make a wrong server look right,
// so it imports only the standard library.
package refserver
