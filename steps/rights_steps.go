package steps

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/toets/toets/internal/oauth"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/record"
	"github.com/toets/toets/internal/rights"
	"github.com/toets/toets/internal/target"
)

// The steps of seed 000 (what a client sees is its rights intersected with
// the person's) and of RFC 8707 audience restriction at the resource.
func registerRights(sc *godog.ScenarioContext) {
	sc.Step(`^the user (with|without) the second right has authorized the client (with|without) the second right for every right$`, hasAuthorizedForEveryRight)
	sc.Step(`^the client requests the resource of every right with the access token$`, requestEveryRight)
	sc.Step(`^the client reaches exactly the rights both the client and the user hold$`, reachesTheIntersection)
	sc.Step(`^the client has redeemed the authorization code for the resource of the first right only$`, redeemForFirstResource)
	sc.Step(`^the client requests the resource of the (first|second) right with the access token$`, requestOneRight)
	sc.Step(`^the resource endpoint refuses the token with HTTP 401 or 403$`, resourceRefusesToken)
}

// theCast picks, from the target file's rights lists, the clients and
// persons of the scenario (internal/rights).
func (w *World) theCast() (*rights.Cast, error) {
	if w.cast != nil {
		return w.cast, nil
	}
	f := w.env.Target.File
	var names []string
	for _, r := range f.Rights {
		names = append(names, r.Name)
	}
	var clients, users []rights.Holder
	for i, c := range w.env.Target.Clients {
		clients = append(clients, rights.Holder{Index: i, Rights: c.Rights})
	}
	for i, u := range w.env.Target.Users {
		// Only a person who gets through consent can show a right.
		if u.HasData && !u.LateUnavailable {
			users = append(users, rights.Holder{Index: i, Rights: u.Rights})
		}
	}
	cast, err := rights.Choose(names, clients, users)
	if err != nil {
		return nil, outcome.NotApplicable("rights (seed 000): the target file's rights[], clients[].rights and users[].rights describe no pairing to test (set rights[], see docs/target-file.md#rights-seed-000): %v", err)
	}
	w.cast = &cast
	return w.cast, nil
}

// rightNamed is the target file's right of that name.
func (w *World) rightNamed(name string) target.Right {
	i := slices.IndexFunc(w.env.Target.File.Rights, func(r target.Right) bool { return r.Name == name })
	return w.env.Target.File.Rights[i]
}

// hasAuthorizedForEveryRight runs the front channel for one pairing of the
// cast, asking for the scope of every right: what the client gets is for
// the server to narrow (RFC 6749 §3.3).
func hasAuthorizedForEveryRight(ctx context.Context, userSide, clientSide string) error {
	w := WorldFrom(ctx)
	cast, err := w.theCast()
	if err != nil {
		return err
	}
	w.pairClient, w.pairUser = cast.Client(clientSide == "with"), cast.User(userSide == "with")
	w.client = w.env.Target.Clients[w.pairClient.Index]
	var scopes []string
	for _, r := range w.env.Target.File.Rights {
		if !slices.Contains(scopes, r.Scope) {
			scopes = append(scopes, r.Scope)
		}
	}
	w.authz, w.verifier = oauth.CodeFlowRequest(w.env.Target.Endpoints.Authorization, w.client.ClientID, w.client.RedirectURI, strings.Join(scopes, " "))
	w.secret("verifier", w.verifier)
	u := w.env.Target.Users[w.pairUser.Index]
	w.Note("seed 000 pairing: client %s (rights %s), user %s (rights %s)", w.client.Name, strings.Join(w.pairClient.Rights, ", "), u.Name, strings.Join(w.pairUser.Rights, ", "))
	if err := logInAsAndDecide(ctx, u, "approves"); err != nil {
		return err
	}
	require.NotEmptyf(T(ctx), w.code, "precondition: the authorization flow must end with a code at the redirect URI; received %s", redirectSummary(w.callback))
	return nil
}

// getRight requests a right's resource with the scenario's access token in
// the Authorization header (RFC 6750 §2.1).
func getRight(ctx context.Context, r target.Right) error {
	w := WorldFrom(ctx)
	if w.tokens == nil {
		return outcome.Harness("no access token was obtained earlier in this scenario")
	}
	req, err := http.NewRequest(http.MethodGet, r.URL, nil)
	if err != nil {
		return outcome.Harness("rights[%s].url in the target file: %v", r.Name, err)
	}
	req.Header.Set("Authorization", "Bearer "+w.tokens.AccessToken)
	req.Header.Set("Accept", "application/fhir+json")
	resp, err := w.http.Do(ctx, req)
	w.last = resp
	if err != nil {
		return err
	}
	if w.rightAnswers == nil {
		w.rightAnswers = map[string]*record.Response{}
	}
	w.rightAnswers[r.Name] = resp
	return nil
}

func requestEveryRight(ctx context.Context) error {
	w := WorldFrom(ctx)
	for _, r := range w.env.Target.File.Rights {
		if err := getRight(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// reachesTheIntersection: a right both hold is served (200); a right only
// one side holds is refused as outside the grant (403, RFC 6750 §3.1
// insufficient_scope).
func reachesTheIntersection(ctx context.Context) error {
	w := WorldFrom(ctx)
	var names []string
	for _, r := range w.env.Target.File.Rights {
		names = append(names, r.Name)
	}
	reachable := rights.Reachable(names, w.pairClient, w.pairUser)
	for _, name := range names {
		resp := w.rightAnswers[name]
		if resp == nil {
			return outcome.Harness("the resource of right %s was not requested in this scenario", name)
		}
		want, why := http.StatusForbidden, "refused: the client or the user lacks this right (seed 000; RFC 6750 §3.1 insufficient_scope)"
		if slices.Contains(reachable, name) {
			want, why = http.StatusOK, "served: both the client and the user hold this right (seed 000)"
		}
		expectEqual(ctx, want, resp.Status, "the HTTP status of the resource of right "+name+", "+why, implementation)
	}
	return nil
}

// redeemForFirstResource redeems the code with an RFC 8707 §2 resource
// indicator naming the first right's resource only.
func redeemForFirstResource(ctx context.Context) error {
	w := WorldFrom(ctx)
	cast, err := w.theCast()
	if err != nil {
		return err
	}
	if w.code == "" {
		return outcome.Harness("no authorization code was obtained earlier in this scenario")
	}
	form := codeForm(w, w.code)
	form["resource"] = []string{w.rightNamed(cast.Shared).URL}
	if err := postToken(ctx, form); err != nil {
		return err
	}
	require.NotNilf(T(ctx), w.tokens, "precondition: redeeming a fresh code with resource=%s must give an access token; received HTTP %d %s", w.rightNamed(cast.Shared).URL, w.last.Status, bodySnippet(w.last.Body))
	return nil
}

func requestOneRight(ctx context.Context, which string) error {
	w := WorldFrom(ctx)
	cast, err := w.theCast()
	if err != nil {
		return err
	}
	name := cast.Shared
	if which == "second" {
		name = cast.Varying
	}
	return getRight(ctx, w.rightNamed(name))
}

// resourceRefusesToken: a token restricted to another resource is no valid
// token here (RFC 8707 §2; RFC 6750 §3.1 invalid_token or a 403).
func resourceRefusesToken(ctx context.Context) {
	w := WorldFrom(ctx)
	require.NotNil(T(ctx), w.last, "no resource response was received in this scenario")
	expect(ctx, w.last.Status == http.StatusUnauthorized || w.last.Status == http.StatusForbidden,
		"the answer of a resource the access token was not issued for (RFC 8707 §2: the token is audience-restricted to the resource named at the token request)",
		"HTTP 401 (invalid_token) or 403", fmt.Sprintf("HTTP %d %s", w.last.Status, bodySnippet(w.last.Body)), implementation)
}
