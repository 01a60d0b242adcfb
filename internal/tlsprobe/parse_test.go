package tlsprobe

import (
	"reflect"
	"testing"
)

func TestParseHSTS(t *testing.T) {
	tests := []struct {
		in   string
		want HSTS
		ok   bool
	}{
		{"max-age=31536000", HSTS{MaxAge: 31536000}, true},
		{"max-age=31536000; includeSubDomains", HSTS{MaxAge: 31536000, IncludeSubDomains: true}, true},
		{`Max-Age="600"`, HSTS{MaxAge: 600}, true},
		{"max-age=0", HSTS{}, true},
		{"includeSubDomains", HSTS{}, false},
		{"max-age=abc", HSTS{}, false},
		{"max-age=-1", HSTS{}, false},
		{"max-age", HSTS{}, false},
		{"max-age=1; max-age=2", HSTS{}, false},
		{"", HSTS{}, false},
	}
	for _, tt := range tests {
		got, err := ParseHSTS(tt.in)
		if (err == nil) != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseHSTS(%q) = %+v, %v; want %+v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestHTTPSAddrs(t *testing.T) {
	got := HTTPSAddrs([]string{"https://127.0.0.1:8443/oauth/token", "https://127.0.0.1:8443/", "http://x.example/", "https://AS.example/authorize", "::bad", ""})
	want := []string{"127.0.0.1:8443", "as.example:443"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func FuzzParseHSTS(f *testing.F) {
	for _, s := range []string{"max-age=31536000; includeSubDomains", `max-age="1"`, ";;", "max-age=1; max-age=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHSTS(s)
		if err == nil && h.MaxAge < 0 {
			t.Fatalf("negative max-age accepted from %q", s)
		}
	})
}

func FuzzHTTPSAddrs(f *testing.F) {
	for _, s := range []string{"https://a.example:444/x", "https://[::1]/", "http://b/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range HTTPSAddrs([]string{s, s}) {
			if a == "" {
				t.Fatal("empty address")
			}
		}
		if len(HTTPSAddrs([]string{s, s})) > 1 {
			t.Fatal("duplicates not removed")
		}
	})
}
