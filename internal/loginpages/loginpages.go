// Package loginpages serves the login and consent pages of imaginary vendors,
// built the ways real ones are: a form posted with fetch() and a JavaScript
// navigation, a form inside a cross-origin iframe, and a chain of pages (an
// identity-provider choice, a DigiD-like username page, then a password page,
// then consent). The agents' tests (internal/browser, internal/httpagent)
// drive their login scripts through these pages on 127.0.0.1 listeners, so a
// change to either agent is proven against every shape, without a network.
//
// Every flow ends on the consent page, whose approve button redirects to
// CallbackURL with code=abc (and state=xyz). The consent page only answers a
// person who logged in (a session cookie), so a script that merely walks the
// pages without really logging in does not reach the callback.
package loginpages

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"sync"
)

// The test user every page accepts.
const (
	Username = "jan"
	Password = "geheim-42"
)

// CallbackURL is the client's redirect URI; the agents intercept it.
const CallbackURL = "https://client.toets.invalid/cb"

// Server is the vendor's site (Main, on 127.0.0.1) and its identity
// provider's (IdP, on localhost: another origin and another site, as for an
// embedded login from a third party).
type Server struct {
	Main string // e.g. http://127.0.0.1:41234
	IdP  string // e.g. http://localhost:41235

	mu       sync.Mutex
	sessions map[string]bool // logged-in session cookies of Main
	tickets  map[string]bool // one-time tickets from the IdP to Main
	servers  []*http.Server
}

// Start listens on two ephemeral ports; Close stops both.
func Start() (*Server, error) {
	s := &Server{sessions: map[string]bool{}, tickets: map[string]bool{}}
	main, err := s.listen("127.0.0.1", s.mainRoutes())
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(main.Addr().String())
	s.Main = "http://127.0.0.1:" + port
	idp, err := s.listen("127.0.0.1", s.idpRoutes())
	if err != nil {
		s.Close()
		return nil, err
	}
	_, port, _ = net.SplitHostPort(idp.Addr().String())
	s.IdP = "http://localhost:" + port
	return s, nil
}

func (s *Server) listen(host string, h http.Handler) (net.Listener, error) {
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h}
	s.servers = append(s.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	return ln, nil
}

// Close stops the listeners and their connections.
func (s *Server) Close() {
	for _, srv := range s.servers {
		_ = srv.Close()
	}
}

func page(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>%s</title></head><body><h1>%s</h1>%s</body></html>`,
		title, title, body)
}

func token() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) remember(set map[string]bool) string {
	t := token()
	s.mu.Lock()
	set[t] = true
	s.mu.Unlock()
	return t
}

// take consumes a one-time value.
func (s *Server) take(set map[string]bool, v string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ok := set[v]
	delete(set, v)
	return ok
}

func (s *Server) loggedIn(r *http.Request) bool {
	c, err := r.Cookie("session")
	if err != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[c.Value]
}

// logIn gives the browser a session and sends it to the consent page.
func (s *Server) logIn(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: s.remember(s.sessions), Path: "/", HttpOnly: true})
	http.Redirect(w, r, "/consent", http.StatusSeeOther)
}

const consentForm = `<p>Wilt u de app toegang geven tot uw gegevens?</p>
<form method="post" action="/approve"><button id="approve" type="submit">Toestaan</button></form>`

func (s *Server) mainRoutes() http.Handler {
	mux := http.NewServeMux()

	// (b) A form that JavaScript posts with fetch(); on success the script
	// navigates to the consent page itself.
	mux.HandleFunc("GET /fetch-login", func(w http.ResponseWriter, r *http.Request) {
		page(w, 200, "Inloggen", `<form id="login-form">
 <label>Gebruikersnaam <input id="username" name="username" autocomplete="username"></label>
 <label>Wachtwoord <input id="password" name="password" type="password"></label>
 <button id="login" type="submit">Inloggen</button>
</form><p id="error" hidden>Onjuiste gegevens</p>
<script>
document.getElementById('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const res = await fetch('/api/session', {method: 'POST', body: new URLSearchParams(new FormData(e.target))});
  if (!res.ok) { document.getElementById('error').hidden = false; return; }
  const {next} = await res.json();
  setTimeout(() => location.assign(next), 100); // an app framework's router, say
});
</script>`)
	})
	mux.HandleFunc("POST /api/session", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.FormValue("username") != Username || r.FormValue("password") != Password {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"bad credentials"}`)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: s.remember(s.sessions), Path: "/", HttpOnly: true})
		fmt.Fprint(w, `{"next":"/consent"}`)
	})

	// (c) The form lives in an iframe served by the identity provider, on
	// another origin; on success the IdP sends the top page on with a
	// one-time ticket.
	mux.HandleFunc("GET /iframe-login", func(w http.ResponseWriter, r *http.Request) {
		back := url.QueryEscape(s.Main + "/ticket")
		page(w, 200, "Inloggen via uw identiteitsprovider",
			`<p>Log hieronder in.</p><iframe id="idp-frame" title="inloggen" style="width:600px;height:300px;border:2px solid #888;padding:4px" src="`+
				html.EscapeString(s.IdP+"/embedded?return="+back)+`"></iframe>`)
	})
	mux.HandleFunc("GET /ticket", func(w http.ResponseWriter, r *http.Request) {
		if !s.take(s.tickets, r.FormValue("ticket")) {
			page(w, 403, "Ongeldig ticket", "")
			return
		}
		s.logIn(w, r)
	})

	// (d) Several hops: choose the identity provider, then a username page,
	// then a password page (DigiD-like), then consent.
	mux.HandleFunc("GET /hop/start", func(w http.ResponseWriter, r *http.Request) {
		page(w, 200, "Kies hoe u inlogt", `<ul>
 <li><a href="/hop/eherkenning">Inloggen met eHerkenning</a></li>
 <li><a href="/hop/digid">Inloggen met DigiD</a></li>
</ul>`)
	})
	mux.HandleFunc("GET /hop/digid", func(w http.ResponseWriter, r *http.Request) {
		page(w, 200, "DigiD: gebruikersnaam", `<form method="post" action="/hop/digid">
 <label>DigiD gebruikersnaam <input id="digid-user" name="user"></label>
 <button type="submit">Volgende</button>
</form>`)
	})
	mux.HandleFunc("POST /hop/digid", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "hop-user", Value: r.FormValue("user"), Path: "/hop/"})
		http.Redirect(w, r, "/hop/digid/password", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /hop/digid/password", func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("hop-user"); err != nil {
			http.Redirect(w, r, "/hop/digid", http.StatusSeeOther)
			return
		}
		page(w, 200, "DigiD: wachtwoord", `<form method="post" action="/hop/digid/password">
 <label>Wachtwoord <input id="digid-password" name="password" type="password"></label>
 <button type="submit">Inloggen</button>
</form>`)
	})
	mux.HandleFunc("POST /hop/digid/password", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("hop-user")
		if err != nil || c.Value != Username || r.FormValue("password") != Password {
			page(w, 401, "DigiD: inloggen mislukt", `<p class="error">Onjuiste gegevens</p><a href="/hop/digid">Opnieuw</a>`)
			return
		}
		s.logIn(w, r)
	})
	mux.HandleFunc("GET /hop/eherkenning", func(w http.ResponseWriter, r *http.Request) {
		page(w, 200, "eHerkenning", `<p>Niet beschikbaar voor burgers.</p>`)
	})

	mux.HandleFunc("GET /consent", func(w http.ResponseWriter, r *http.Request) {
		if !s.loggedIn(r) {
			page(w, 401, "Niet ingelogd", "")
			return
		}
		page(w, 200, "Toestemming", consentForm)
	})
	mux.HandleFunc("POST /approve", func(w http.ResponseWriter, r *http.Request) {
		if !s.loggedIn(r) {
			page(w, 401, "Niet ingelogd", "")
			return
		}
		http.Redirect(w, r, CallbackURL+"?code=abc&state=xyz", http.StatusFound)
	})
	return mux
}

func (s *Server) idpRoutes() http.Handler {
	mux := http.NewServeMux()
	form := func(back string) string {
		return `<form method="post" action="/embedded">
 <input type="hidden" name="return" value="` + html.EscapeString(back) + `">
 <label>Gebruikersnaam <input id="username" name="username"></label>
 <label>Wachtwoord <input id="password" name="password" type="password"></label>
 <button id="login" type="submit">Inloggen</button>
</form>`
	}
	mux.HandleFunc("GET /embedded", func(w http.ResponseWriter, r *http.Request) {
		page(w, 200, "Identiteitsprovider", form(r.FormValue("return")))
	})
	mux.HandleFunc("POST /embedded", func(w http.ResponseWriter, r *http.Request) {
		back := r.FormValue("return")
		if r.FormValue("username") != Username || r.FormValue("password") != Password {
			page(w, 401, "Identiteitsprovider", `<p class="error">Onjuiste gegevens</p>`+form(back))
			return
		}
		next := back + "?ticket=" + s.remember(s.tickets)
		// The frame's document, a step later, moves the top page on.
		page(w, 200, "Ingelogd", `<p>Een moment...</p><script>top.location.href = `+
			fmt.Sprintf("%q", next)+`;</script>`)
	})
	return mux
}
