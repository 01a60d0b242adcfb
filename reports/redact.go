package reports

import (
	"bytes"
	"net/http"
)

// Redacted returns a deep copy of r in which every string a renderer could
// show has passed through fn: names, tags, messages, step texts and errors,
// notes, exchange URLs, header names and values, bodies, transport errors,
// screenshot captions and URLs, target fields, notices and rule fields.
// Screenshot PNG bytes are copied unchanged: a secret in a picture cannot be
// found by a string function, which is why the browser agent must not
// photograph pages that show one.
//
// This is the only place redaction is applied. The renderers and WriteAll
// take the copy and trust it, so that forgetting a field here is the one way
// a secret can leak, and the test of this function is the one guard. The
// verdict and step status enumerations do not pass through fn: they are the
// harness's own vocabulary and renderers decide on them, and a redactor
// that replaces a short secret where it stands as a whole value would turn
// a test password "pass" into a verdict no renderer knows.
//
// fn sees each header value on its own and each body, URL and message
// whole, so that a redactor can tell a value standing whole (a header
// value, a form field of a body) from the same characters inside text.
//
// The copy shares no slice, map or pointer with r, so the runner may keep
// filling r (for instance after an interrupt) while the copy is rendered.
// A nil fn gives a plain deep copy. Nil scenarios are dropped: they carry
// nothing to show and would stop every renderer.
func (r *Run) Redacted(fn func(string) string) *Run {
	if r == nil {
		return nil
	}
	if fn == nil {
		fn = func(s string) string { return s }
	}
	out := *r
	out.Tool = fn(r.Tool)
	out.Version = fn(r.Version)
	out.Target = Target{
		Name:    fn(r.Target.Name),
		Profile: fn(r.Target.Profile),
		Issuer:  fn(r.Target.Issuer),
		File:    fn(r.Target.File),
	}
	out.Tags = fn(r.Tags)
	out.Notices = redactStrings(r.Notices, fn)
	if r.Catalog != nil {
		out.Catalog = make([]CatalogRule, len(r.Catalog))
		for i, c := range r.Catalog {
			out.Catalog[i] = CatalogRule{ID: fn(c.ID), Level: fn(c.Level), Interface: fn(c.Interface),
				Sources: redactStrings(c.Sources, fn), Profiles: redactStrings(c.Profiles, fn), Scenarios: redactStrings(c.Scenarios, fn)}
		}
	}
	if r.Manifest != nil {
		m := *r.Manifest
		m.ToolVersion, m.Commit, m.Profile, m.Tags = fn(m.ToolVersion), fn(m.Commit), fn(m.Profile), fn(m.Tags)
		m.FeaturesSHA256, m.TargetFileSHA256 = fn(m.FeaturesSHA256), fn(m.TargetFileSHA256)
		out.Manifest = &m
	}
	if r.Comparison != nil {
		// Messages of this run may hold a secret until redacted; the
		// baseline's were redacted when it was written, and redacting again
		// is harmless.
		c := *r.Comparison
		c.Baseline = fn(c.Baseline)
		for _, list := range []*[]ComparisonEntry{&c.NewFailures, &c.Fixed, &c.Changed} {
			entries := append([]ComparisonEntry(nil), (*list)...)
			for i := range entries {
				entries[i].Name = fn(entries[i].Name)
				entries[i].RuleID = fn(entries[i].RuleID)
				entries[i].WasMessage = fn(entries[i].WasMessage)
				entries[i].NowMessage = fn(entries[i].NowMessage)
			}
			*list = entries
		}
		out.Comparison = &c
	}
	out.Scenarios = nil
	if r.Scenarios != nil {
		out.Scenarios = make([]*Scenario, 0, len(r.Scenarios))
	}
	for _, s := range r.Scenarios {
		if s != nil {
			out.Scenarios = append(out.Scenarios, s.redacted(fn))
		}
	}
	return &out
}

func (s *Scenario) redacted(fn func(string) string) *Scenario {
	out := *s
	out.ID = fn(s.ID)
	out.Feature = fn(s.Feature)
	out.FeatureURI = fn(s.FeatureURI)
	out.Name = fn(s.Name)
	out.Tags = redactStrings(s.Tags, fn)
	out.Rule = Rule{
		ID:        fn(s.Rule.ID),
		Sources:   redactStrings(s.Rule.Sources, fn),
		Level:     fn(s.Rule.Level),
		Interface: fn(s.Rule.Interface),
		Profiles:  redactStrings(s.Rule.Profiles, fn),
		Quote:     fn(s.Rule.Quote),
	}
	out.Message = fn(s.Message)
	out.Notes = redactStrings(s.Notes, fn)
	out.FailedChecks = redactStrings(s.FailedChecks, fn)
	if s.Waiver != nil {
		wv := *s.Waiver
		wv.Reason, wv.By, wv.Expires = fn(wv.Reason), fn(wv.By), fn(wv.Expires)
		out.Waiver = &wv
	}

	if s.Steps != nil {
		out.Steps = make([]Step, len(s.Steps))
	}
	for i, st := range s.Steps {
		st.Keyword = fn(st.Keyword)
		st.Text = fn(st.Text)
		st.Error = fn(st.Error)
		out.Steps[i] = st
	}

	if s.Exchanges != nil {
		out.Exchanges = make([]Exchange, len(s.Exchanges))
	}
	for i, ex := range s.Exchanges {
		ex.Request = Request{
			Method: fn(ex.Request.Method),
			URL:    fn(ex.Request.URL),
			Header: redactHeader(ex.Request.Header, fn),
			Body:   fn(ex.Request.Body),
		}
		if ex.Response != nil {
			resp := *ex.Response
			resp.Proto = fn(resp.Proto)
			resp.Header = redactHeader(resp.Header, fn)
			resp.Body = fn(resp.Body)
			ex.Response = &resp
		}
		ex.Err = fn(ex.Err)
		out.Exchanges[i] = ex
	}

	if s.Shots != nil {
		out.Shots = make([]Screenshot, len(s.Shots))
	}
	for i, sh := range s.Shots {
		sh.Caption = fn(sh.Caption)
		sh.URL = fn(sh.URL)
		sh.PNG = bytes.Clone(sh.PNG)
		out.Shots[i] = sh
	}
	return &out
}

// redactStrings keeps nil as nil so that the JSON of the copy equals the JSON
// of the original when fn changes nothing.
func redactStrings(in []string, fn func(string) string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = fn(s)
	}
	return out
}

// redactHeader passes names through fn as well as values: a recorder may have
// kept a non-standard header whose name carries a tenant or a key. Names that
// fn makes equal are merged rather than one overwriting the other.
func redactHeader(h http.Header, fn func(string) string) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, values := range h {
		rname := fn(name)
		if _, seen := out[rname]; !seen {
			out[rname] = make([]string, 0, len(values))
		}
		for _, v := range values {
			out[rname] = append(out[rname], fn(v))
		}
	}
	return out
}
