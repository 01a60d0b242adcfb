package refserver

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// authenticateClient checks the client's credentials on the back channel
// (token, introspection, revocation). It supports the two methods of RFC
// 6749 §2.3.1 and private_key_jwt (clientauth_jwt.go), and each client
// must use the one it registered
// (token_endpoint_auth_method, RFC 7591 §2).
//
// Every failure is invalid_client. The descriptions do not say whether the
// client exists, so they cannot be used to find registered clients.
func (s *Server) authenticateClient(r *http.Request, form url.Values) (registeredClient, *oauthError) {
	header := r.Header.Values("Authorization")
	postSecret := form.Get("client_secret")
	if form.Get("client_assertion") != "" {
		if len(header) > 0 || postSecret != "" {
			return registeredClient{}, errorf("invalid_client", "more than one client authentication method")
		}
		return s.authenticateAssertion(form)
	}

	var id, secret, method string
	switch {
	case len(header) > 0 && postSecret != "":
		// §2.3: "The client MUST NOT use more than one authentication
		// method in each request."
		return registeredClient{}, errorf("invalid_client", "more than one client authentication method")
	case len(header) > 0:
		var ok bool
		id, secret, ok = parseBasic(header)
		if !ok {
			return registeredClient{}, errorf("invalid_client", "the Authorization header is not valid HTTP Basic")
		}
		// A client_id in the body next to Basic must name the same client.
		if bodyID := form.Get("client_id"); bodyID != "" && bodyID != id {
			return registeredClient{}, errorf("invalid_client", "client_id in the body differs from the authenticated client")
		}
		method = "client_secret_basic"
		if s.faults.on("basic-not-form-decoded") {
			// The fault: the credentials are compared as they arrived,
			// still form-encoded, as if §2.3.1 had not asked to encode
			// them. (Re-encoding gives back what the client sent.)
			id, secret = url.QueryEscape(id), url.QueryEscape(secret)
		}
	case postSecret != "" && !s.faults.on("post-auth-refused"):
		id, secret, method = form.Get("client_id"), postSecret, "client_secret_post"
	default:
		// RFC 8705 §2.1: a tls_client_auth client sends its client_id and
		// proves it with the connection's certificate (mtls.go).
		if client, known := s.clients.client(form.Get("client_id")); known && client.AuthMethod == "tls_client_auth" {
			return s.authenticateCertificate(r, client)
		}
		// Clients without a secret (public clients) are not registered
		// here; MedMij clients are servers that can keep one.
		if client, known := s.clients.client(form.Get("client_id")); known && s.faults.on("client-auth-optional") {
			// The fault: a client_id alone is taken for authentication.
			return client, nil
		}
		return registeredClient{}, errorf("invalid_client", "client authentication is required")
	}

	client, known := s.clients.client(id)
	// Compare in constant time, and compare even for an unknown client, so
	// that timing does not tell which clients exist.
	if subtle.ConstantTimeCompare([]byte(secret), []byte(client.Secret)) != 1 || !known {
		return registeredClient{}, errorf("invalid_client", "client authentication failed")
	}
	if method != client.AuthMethod {
		return registeredClient{}, errorf("invalid_client", "client is registered for %s", client.AuthMethod)
	}
	return client, nil
}

// parseBasic reads client_secret_basic credentials. RFC 6749 §2.3.1 has the
// client form-urlencode the id and the secret before the Basic encoding
// (RFC 7617), so they are decoded twice: base64, then form-url.
func parseBasic(header []string) (id, secret string, ok bool) {
	if len(header) != 1 {
		return "", "", false
	}
	scheme, credentials, found := strings.Cut(header[0], " ")
	// The scheme name is case-insensitive (RFC 9110 §11.1).
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.TrimLeft(credentials, " "))
	if err != nil {
		return "", "", false
	}
	rawID, rawSecret, found := strings.Cut(string(decoded), ":")
	if !found {
		return "", "", false
	}
	id, errID := url.QueryUnescape(rawID)
	secret, errSecret := url.QueryUnescape(rawSecret)
	if errID != nil || errSecret != nil || id == "" {
		return "", "", false
	}
	return id, secret, true
}

// clientAuthMethods are the client authentication methods of the token,
// introspection and revocation endpoints, as the metadata lists them.
var clientAuthMethods = []string{"client_secret_basic", "client_secret_post", "private_key_jwt", "tls_client_auth"}
