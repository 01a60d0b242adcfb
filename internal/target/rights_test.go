package target

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidateRights(t *testing.T) {
	base := func() *File {
		return &File{
			Rights: []Right{
				{Name: "medication", Scope: "eenofanderezorgaanbieder", URL: "https://dva.example/fhir/MedicationStatement"},
				{Name: "allergies", Scope: "toets:allergies", URL: "https://dva.example/fhir/AllergyIntolerance"},
			},
			Clients: []Client{{Rights: []string{"medication", "allergies"}}},
			Users:   []User{{Rights: []string{"medication"}}},
		}
	}
	tests := []struct {
		name string
		edit func(f *File)
		want string
	}{
		{"valid", func(*File) {}, ""},
		{"no rights at all", func(f *File) { f.Rights, f.Clients[0].Rights, f.Users[0].Rights = nil, nil, nil }, ""},
		{"unknown name at a client", func(f *File) { f.Clients[0].Rights = []string{"lab"} }, `clients[0].rights: "lab"`},
		{"unknown name at a user", func(f *File) { f.Users[0].Rights = []string{"lab"} }, `users[0].rights: "lab"`},
		{"relative url", func(f *File) { f.Rights[1].URL = "/fhir/AllergyIntolerance" }, "rights[1].url"},
		{"no scope", func(f *File) { f.Rights[0].Scope = "" }, "rights[0]: name and scope"},
		{"a name twice", func(f *File) { f.Rights[1].Name = "medication" }, "used twice"},
	}
	for _, tc := range tests {
		f := base()
		tc.edit(f)
		errs := f.validateRights()
		if tc.want == "" {
			assert.Empty(t, errs, tc.name)
			continue
		}
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.Error())
		}
		assert.Contains(t, strings.Join(msgs, "\n"), tc.want, tc.name)
	}
}
