package resource

import "testing"

func TestServed(t *testing.T) {
	for status, ok := range map[int]bool{200: true, 204: true, 401: false, 403: false, 302: false, 500: false} {
		if got := Served(ans(status)); (len(got) == 0) != ok {
			t.Errorf("HTTP %d: findings %v, pass %v", status, ids(got), ok)
		}
		// The query token: serving it is what the warning is about.
		if got := QueryRefused(ans(status)); (len(got) == 0) == (status >= 200 && status < 300) {
			t.Errorf("query token, HTTP %d: findings %v", status, ids(got))
		}
	}
}

func TestFHIRPerson(t *testing.T) {
	patient := func(name string) string {
		return `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","name":[` + name + `]}},{"resource":{"resourceType":"MedicationStatement","status":"active"}}]}`
	}
	cases := []struct {
		name string
		a    Answer
		ok   bool
	}{
		{"name as text", Answer{Status: 200, Body: []byte(patient(`{"text":"Anna de Vries"}`))}, true},
		// FHIR HumanName without text: given and family make the name.
		{"given and family", Answer{Status: 200, Body: []byte(patient(`{"family":"de Vries","given":["Anna"]}`))}, true},
		{"other case", Answer{Status: 200, Body: []byte(patient(`{"text":"ANNA DE VRIES"}`))}, true},
		{"another person", Answer{Status: 200, Body: []byte(patient(`{"text":"Jan Jansen"}`))}, false},
		{"not a Bundle", Answer{Status: 200, Body: []byte(`{"name":"Anna de Vries"}`)}, false},
		{"refused", ans(401, `Bearer error="invalid_token"`), false},
	}
	for _, c := range cases {
		if got := FHIRPerson(c.a, "Anna de Vries"); (len(got) == 0) != c.ok {
			t.Errorf("%s: findings %v, pass %v", c.name, ids(got), c.ok)
		}
	}
}
