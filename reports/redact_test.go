package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	secret      = "s3cr3t-t0ken"
	replacement = "[REDACTED]"
)

func redactSecret(s string) string { return strings.ReplaceAll(s, secret, replacement) }

// enumTypes are the string types Redacted leaves alone on purpose.
var enumTypes = map[reflect.Type]bool{
	reflect.TypeFor[Verdict]():    true,
	reflect.TypeFor[StepStatus](): true,
}

// fill sets every settable string in v, including map keys, to a text that
// contains the secret, every slice and map to one element and every pointer
// to a value, so that a field added to the model later is covered without
// touching this test.
func fill(t *testing.T, v reflect.Value, png []byte) {
	switch v.Kind() {
	case reflect.String:
		if !enumTypes[v.Type()] {
			v.SetString("before " + secret + " after")
		}
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), png)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(bytes.Clone(png))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(t, v.Index(0), png)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		key := reflect.New(v.Type().Key()).Elem()
		fill(t, key, png)
		val := reflect.New(v.Type().Elem()).Elem()
		fill(t, val, png)
		m.SetMapIndex(key, val)
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), png)
			}
		}
	default:
		t.Fatalf("fill: the model gained a %s field; teach this test about it", v.Kind())
	}
}

// check walks the redacted copy next to the original and reports every string
// that still holds the secret and every slice, map or pointer the copy shares
// with the original.
func check(t *testing.T, path string, orig, cp reflect.Value) {
	switch cp.Kind() {
	case reflect.String:
		if enumTypes[cp.Type()] {
			return
		}
		if strings.Contains(cp.String(), secret) || !strings.Contains(cp.String(), replacement) {
			t.Errorf("%s = %q: not redacted", path, cp.String())
		}
	case reflect.Pointer:
		if cp.IsNil() {
			t.Errorf("%s: lost in the copy", path)
			return
		}
		if cp.Pointer() == orig.Pointer() {
			t.Errorf("%s: shared with the original", path)
		}
		check(t, path, orig.Elem(), cp.Elem())
	case reflect.Slice:
		if cp.Len() != orig.Len() {
			t.Errorf("%s: %d elements, want %d", path, cp.Len(), orig.Len())
			return
		}
		if cp.Len() > 0 && cp.Pointer() == orig.Pointer() {
			t.Errorf("%s: shared with the original", path)
		}
		if cp.Type().Elem().Kind() == reflect.Uint8 {
			if !bytes.Equal(cp.Bytes(), orig.Bytes()) {
				t.Errorf("%s: bytes changed, want them copied as they are", path)
			}
			return
		}
		for i := range cp.Len() {
			check(t, fmt.Sprintf("%s[%d]", path, i), orig.Index(i), cp.Index(i))
		}
	case reflect.Map:
		if cp.Len() != orig.Len() {
			t.Errorf("%s: %d entries, want %d", path, cp.Len(), orig.Len())
			return
		}
		if cp.Pointer() == orig.Pointer() {
			t.Errorf("%s: shared with the original", path)
		}
		// The test map has one entry, so the entries pair up.
		okey, ckey := orig.MapKeys()[0], cp.MapKeys()[0]
		check(t, path+" key", okey, ckey)
		check(t, fmt.Sprintf("%s[%q]", path, ckey), orig.MapIndex(okey), cp.MapIndex(ckey))
	case reflect.Struct:
		if cp.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range cp.NumField() {
			if f := cp.Type().Field(i); f.IsExported() {
				check(t, path+"."+f.Name, orig.Field(i), cp.Field(i))
			}
		}
	}
}

// TestRedactedReachesEveryString fills every field of the model with a secret
// by reflection. A string field added to the model but forgotten in Redacted
// fails here, which is the point: Redacted is the only guard.
func TestRedactedReachesEveryString(t *testing.T) {
	png := tinyPNG(t)
	var r Run
	fill(t, reflect.ValueOf(&r).Elem(), png)
	r.Scenarios[0].Verdict = Fail
	r.Scenarios[0].Steps[0].Status = StepFailed
	before, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}

	red := r.Redacted(redactSecret)
	check(t, "Run", reflect.ValueOf(&r).Elem(), reflect.ValueOf(red).Elem())

	if red.Scenarios[0].Verdict != Fail || red.Scenarios[0].Steps[0].Status != StepFailed {
		t.Errorf("verdict or step status changed: %q, %q", red.Scenarios[0].Verdict, red.Scenarios[0].Steps[0].Status)
	}
	after, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("Redacted changed the original run")
	}
}

// TestRedactedFields names the fields the renderers show, one by one, as
// documentation of what redaction covers and as a readable first failure.
func TestRedactedFields(t *testing.T) {
	tests := []struct {
		field string
		get   func(*Run) *string
	}{
		{"notice", func(r *Run) *string { return &r.Notices[0] }},
		{"target name", func(r *Run) *string { return &r.Target.Name }},
		{"target issuer", func(r *Run) *string { return &r.Target.Issuer }},
		{"target profile", func(r *Run) *string { return &r.Target.Profile }},
		{"target file", func(r *Run) *string { return &r.Target.File }},
		{"scenario name", func(r *Run) *string { return &r.Scenarios[1].Name }},
		{"message", func(r *Run) *string { return &r.Scenarios[1].Message }},
		{"note", func(r *Run) *string { return &r.Scenarios[1].Notes[0] }},
		{"step text", func(r *Run) *string { return &r.Scenarios[1].Steps[2].Text }},
		{"step error", func(r *Run) *string { return &r.Scenarios[1].Steps[2].Error }},
		{"request URL", func(r *Run) *string { return &r.Scenarios[1].Exchanges[0].Request.URL }},
		{"request header value", func(r *Run) *string { return &r.Scenarios[1].Exchanges[0].Request.Header["Content-Type"][0] }},
		{"request body", func(r *Run) *string { return &r.Scenarios[1].Exchanges[0].Request.Body }},
		{"response header value", func(r *Run) *string { return &r.Scenarios[1].Exchanges[0].Response.Header["Cache-Control"][0] }},
		{"response body", func(r *Run) *string { return &r.Scenarios[1].Exchanges[0].Response.Body }},
		{"transport error", func(r *Run) *string { return &r.Scenarios[4].Exchanges[0].Err }},
		{"screenshot caption", func(r *Run) *string { return &r.Scenarios[1].Shots[0].Caption }},
		{"screenshot URL", func(r *Run) *string { return &r.Scenarios[1].Shots[0].URL }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			r := testRun(t)
			*tt.get(r) = "x " + secret + " y"
			got := *tt.get(r.Redacted(redactSecret))
			if got != "x "+replacement+" y" {
				t.Errorf("%s after redaction = %q", tt.field, got)
			}
		})
	}
}

func TestRedactedCopiesPNGAsIs(t *testing.T) {
	r := testRun(t)
	// A PNG may contain any byte sequence, including the secret's; it must
	// not be touched, or the image would break.
	r.Scenarios[1].Shots[0].PNG = append(r.Scenarios[1].Shots[0].PNG, []byte(secret)...)
	want := bytes.Clone(r.Scenarios[1].Shots[0].PNG)
	got := r.Redacted(redactSecret).Scenarios[1].Shots[0].PNG
	if !bytes.Equal(got, want) {
		t.Error("PNG bytes changed")
	}
	got[0] ^= 0xff
	if !bytes.Equal(r.Scenarios[1].Shots[0].PNG, want) {
		t.Error("the copy's PNG shares memory with the original")
	}
}

func TestRedactedNilFuncIsDeepCopy(t *testing.T) {
	r := testRun(t)
	want, _ := json.Marshal(r)
	got, _ := json.Marshal(r.Redacted(nil))
	if !bytes.Equal(got, want) {
		t.Errorf("Redacted(nil) differs from the original:\n got %s\nwant %s", got, want)
	}
	if (*Run)(nil).Redacted(redactSecret) != nil {
		t.Error("nil run should redact to nil")
	}
}

func TestRedactedDropsNilScenarios(t *testing.T) {
	r := testRun(t)
	r.Scenarios = append(r.Scenarios, nil)
	if got := len(r.Redacted(nil).Scenarios); got != 5 {
		t.Errorf("got %d scenarios, want 5", got)
	}
}
