package steps

import (
	"context"

	"github.com/cucumber/godog"

	"github.com/toets/toets/internal/checks/authorization"
	"github.com/toets/toets/internal/outcome"
	"github.com/toets/toets/internal/target"
)

// The steps about where the person's credentials go (RFC 6749 §1.3.1, RFC
// 9700 §4.12), and the guard every login and consent step runs under: the
// agents stop what would leave for a host the target file does not name,
// and a step they cut short fails with what they stopped.

func registerAuthorizationCredentials(sc *godog.ScenarioContext) {
	sc.Step(`^the pages sent nothing to a host the target file does not name$`, credentialsStayed)
	sc.Step(`^no POST sent after the login was redirected with (307|308)$`, noCredentialRedirect)
}

// credentialsStayed judges what the agent's guard stopped during the flow:
// a beacon does not stop the login, so only this step sees it.
func credentialsStayed(ctx context.Context) error {
	s, err := WorldFrom(ctx).browserSession(ctx)
	if err != nil {
		return err
	}
	report(ctx, authorization.CredentialsStayed(s.Blocked()))
	return nil
}

// noCredentialRedirect judges the 307 or 308 redirects of POSTs the agent
// sent after the credentials were typed, to any host.
func noCredentialRedirect(ctx context.Context, status int) error {
	s, err := WorldFrom(ctx).browserSession(ctx)
	if err != nil {
		return err
	}
	report(ctx, authorization.CredentialRedirected(s.CredentialRedirects(), status))
	return nil
}

// runScript runs one of the target file's scripts. A script the guard cut
// short fails with what the guard stopped; any other failure is toets's
// (the script does not fit the pages), said with what.
func runScript(ctx context.Context, s UserAgent, actions []target.Action, vars map[string]string, what string) error {
	err := s.Run(ctx, script(actions), vars)
	if judged := stoppedByGuard(ctx, s, err != nil); judged != nil {
		return judged
	}
	if err != nil {
		return outcome.Harness("%s: %v", what, err)
	}
	return nil
}

// guarded is err, unless the guard's evidence explains it better
// (a navigation or a wait for the redirect URI that the guard ended).
func guarded(ctx context.Context, s UserAgent, err error) error {
	if judged := stoppedByGuard(ctx, s, err != nil); judged != nil {
		return judged
	}
	return err
}

// stoppedByGuard hands the findings of authorization.CutShort to the step
// and returns them as the step's error, or nil.
func stoppedByGuard(ctx context.Context, s UserAgent, failed bool) error {
	fs := authorization.CutShort(authorization.Attempt{
		Blocked: s.Blocked(), Failed: failed, Hosts: WorldFrom(ctx).env.Target.AllowedHosts(), Page: s.URL(),
	})
	if !report(ctx, fs) {
		return StepFailures(ctx)
	}
	return nil
}
