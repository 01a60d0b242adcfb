package steps

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/toets/toets/internal/record"
)

// TestFollowOwnRedirectsKeepsCookies: a server like oidc-provider answers a
// valid request with 303 to its login page and a cookie that binds the
// login to the browser; without the cookie the login page is a 400.
func TestFollowOwnRedirectsKeepsCookies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/authorize":
			http.SetCookie(w, &http.Cookie{Name: "_interaction", Value: "abc123", Path: "/interaction/abc123", HttpOnly: true})
			w.Header().Set("Location", "/interaction/abc123")
			w.WriteHeader(http.StatusSeeOther)
		case "/interaction/abc123":
			if c, err := r.Cookie("_interaction"); err != nil || c.Value != "abc123" {
				http.Error(w, "interaction session not found", http.StatusBadRequest)
				return
			}
			w.Write([]byte(`<form method="post"><input name="password" type="password"></form>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	tr := record.NewTransport(record.Options{AllowedHosts: []string{u.Host}})
	defer tr.Close()
	h, err := followOwnRedirects(context.Background(), tr.Client(&record.Log{}), srv.URL+"/authorize?client_id=x", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	if h.last.Status != http.StatusOK || h.away != nil {
		t.Fatalf("login page: HTTP %d, away %v, want 200 and no redirect off the host", h.last.Status, h.away)
	}
	if h.lastURL != srv.URL+"/interaction/abc123" {
		t.Errorf("last URL %s", h.lastURL)
	}
}

// TestFollowOwnRedirectsStopsOffHost: a redirect to another host (the
// client) ends the walk and is handed back unfollowed.
func TestFollowOwnRedirectsStopsOffHost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://client.example/cb?error=invalid_request")
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	tr := record.NewTransport(record.Options{AllowedHosts: []string{u.Host}})
	defer tr.Close()
	h, err := followOwnRedirects(context.Background(), tr.Client(&record.Log{}), srv.URL+"/authorize", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	if h.away == nil || h.away.Host != "client.example" {
		t.Fatalf("away = %v, want the client's redirect", h.away)
	}
}
