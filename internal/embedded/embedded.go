// Package embedded starts the reference server and writes the target file
// that points at it: the default target of `toets run`, the server of
// `toets serve-reference`, and the fixture of the suite's own tests.
package embedded

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/toets/toets/internal/owneddir"
	"github.com/toets/toets/internal/refserver"
	"github.com/toets/toets/internal/target"
)

// Instance is a running reference server with its target file on disk.
//
// The secrets are on disk, not in memory, because the target file is for
// other processes too: `toets serve-reference` prints it for a `toets run
// --target` elsewhere, and tls.client_key is a path by nature. They are
// throwaway values of a server that ends with this process, in a folder
// only its user can enter (0700, files 0600), removed by Close; a process
// that is killed before Close leaves it to the next start, which removes
// it (owneddir).
type Instance struct {
	Server *refserver.Server
	// Dir holds the target file, the CA certificate and the secret files
	// (mode 0600); it is removed by Close.
	Dir        string
	TargetPath string

	closeOnce sync.Once
}

// dirPrefix names the instances' folders in the system temp dir.
const dirPrefix = "toets-reference-"

var (
	caOnce sync.Once
	ca     *refserver.CA
	caErr  error
)

// CA is the one throwaway CA of this process: every reference server it
// starts has a certificate signed by it, so a browser launched once trusts
// them all (see browser.Options.TrustedCAs).
func CA() (*refserver.CA, error) {
	caOnce.Do(func() { ca, caErr = refserver.NewCA() })
	return ca, caErr
}

// Start starts the reference server in the medmij profile with the given
// faults on addr ("127.0.0.1:0" when empty) and writes its target file.
func Start(addr string, faults []string) (*Instance, error) {
	return StartProfile(addr, "medmij", faults)
}

// StartProfile is Start for another profile: the server plays it and the
// target file names it.
func StartProfile(addr, profile string, faults []string) (*Instance, error) {
	ca, err := CA()
	if err != nil {
		return nil, err
	}
	srv, err := refserver.Start(refserver.Options{Addr: addr, Faults: faults, CA: ca, Profile: profile, TestControl: true})
	if err != nil {
		return nil, err
	}
	// The leftovers of killed runs go first: they hold secrets, and
	// nothing else ever removes them.
	owneddir.RemoveStale(dirPrefix)
	dir, err := owneddir.Create(dirPrefix)
	if err != nil {
		srv.Close()
		return nil, err
	}
	in := &Instance{Server: srv, Dir: dir, TargetPath: filepath.Join(dir, "target.yaml")}
	if err := in.write(); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// Close stops the server and removes the files. It may be called more
// than once, and from another goroutine (a second Ctrl-C).
func (in *Instance) Close() {
	in.closeOnce.Do(func() {
		os.RemoveAll(in.Dir)
		in.Server.Close()
	})
}

// TargetFile returns the target file the instance wrote.
func (in *Instance) TargetFile() (*target.File, error) { return target.Load(in.TargetPath) }

func (in *Instance) write() error {
	d := in.Server.Description()
	secret := func(name, value string) (target.Secret, error) {
		if err := os.WriteFile(filepath.Join(in.Dir, name), []byte(value), 0o600); err != nil {
			return "", err
		}
		return target.Secret("file:" + name), nil
	}
	if err := os.WriteFile(filepath.Join(in.Dir, "ca.pem"), d.CACertPEM, 0o644); err != nil {
		return err
	}
	f := target.File{
		Name:     "toets reference DVZA",
		Profile:  d.Profile,
		Issuer:   d.Issuer,
		Resource: target.Resource{URL: d.ResourceURL},
		// The reference's throwaway CA stands in for the PKIoverheid
		// private root of the MedMij back channel.
		TLS:     target.TLS{CAFile: "ca.pem", BackChannelRoots: "ca.pem"},
		Scopes:  target.Scopes{Granted: d.Scope, Unknown: "onbekendezorgaanbieder", Declinable: d.DeclinableScope},
		Browser: ReferenceScript(),
		Consent: target.Consent{Service: d.ServiceName, Provider: d.ProviderName},
	}
	for _, r := range d.Rights {
		f.Rights = append(f.Rights, target.Right{Name: r.Name, Scope: r.Scope, URL: r.URL})
	}
	if d.DeclinableScope != "" {
		// Only the idporten profile's consent page has a box per scope.
		f.Browser.DeclineScope = []target.Action{{Do: "click", CSS: fmt.Sprintf(`input[name="scope"][value=%q]`, d.DeclinableScope)}}
	}
	if len(d.ClientCertPEM) > 0 {
		// The medmij back channel is mutual TLS: toets presents the
		// tls_client_auth client's certificate there, and finds the
		// token endpoint on that listener (MedMij core.tls.314).
		if err := os.WriteFile(filepath.Join(in.Dir, "client.pem"), d.ClientCertPEM, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(in.Dir, "client-key.pem"), d.ClientKeyPEM, 0o600); err != nil {
			return err
		}
		f.TLS.ClientCert, f.TLS.ClientKey = "client.pem", "client-key.pem"
		f.Endpoints.Token = d.BackChannel + "/oauth/token"
	}
	for i, c := range d.Clients {
		var s target.Secret
		var err error
		if c.Secret != "" {
			s, err = secret(fmt.Sprintf("client-%d.secret", i+1), c.Secret)
		}
		if err != nil {
			return err
		}
		f.Clients = append(f.Clients, target.Client{Name: c.Name, ClientID: c.ID, AuthMethod: c.AuthMethod, Secret: s, RedirectURI: c.RedirectURI, Rights: rightNames(d.Rights, c.Rights), DefaultScopes: c.DefaultScopes})
	}
	if d.TestControlToken != "" {
		s, err := secret("test-control.token", d.TestControlToken)
		if err != nil {
			return err
		}
		f.TestControl = target.TestControl{ClockURL: d.Issuer + "/_toets/clock", Token: s}
	}
	// MedMij RFC0039: access tokens live about 15 minutes.
	f.Limits = target.Limits{MaxExpiresIn: 900}
	for i, u := range d.Users {
		s, err := secret(fmt.Sprintf("user-%d.password", i+1), u.Password)
		if err != nil {
			return err
		}
		f.Users = append(f.Users, target.User{Name: u.Username, Username: u.Username, Password: s, HasData: u.HasData, DisplayName: u.Name, LateUnavailable: u.LateUnavailable, Rights: rightNames(d.Rights, u.Rights)})
	}
	b, err := yaml.Marshal(&f)
	if err != nil {
		return err
	}
	header := fmt.Sprintf("# Target file for the toets reference server at %s.\n# Written by toets; secrets are in the files beside it.\n", d.Issuer)
	return os.WriteFile(in.TargetPath, append([]byte(header), b...), 0o600)
}

// ReferenceScript drives the reference server's login and consent pages.
func ReferenceScript() target.Browser {
	return target.Browser{
		Login: []target.Action{
			{Do: "fill", CSS: "#username", Value: "{username}"},
			{Do: "fill", CSS: "#password", Value: "{password}"},
			{Do: "click", CSS: "#login"},
		},
		Approve: []target.Action{{Do: "click", CSS: "#approve"}},
		Deny:    []target.Action{{Do: "click", CSS: "#deny"}},
		Cancel:  []target.Action{{Do: "click", CSS: "#cancel"}},
	}
}

// rightNames turns the scopes a client or person holds into the names of
// the target file's rights[] (seed 000).
func rightNames(rights []refserver.Right, scopes []string) []string {
	var names []string
	for _, r := range rights {
		if slices.Contains(scopes, r.Scope) {
			names = append(names, r.Name)
		}
	}
	return names
}
