package httpagent

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/toets/toets/internal/agent"
)

// errNoJS explains the limit of this agent where it matters.
var errNoJS = errors.New("the http agent runs no JavaScript; a page that builds its form with JavaScript needs agent: browser")

// Run executes a login or consent script on the current page and the pages
// it leads to, stopping when the callback is reached.
func (s *Session) Run(ctx context.Context, script []agent.Action, vars map[string]string) error {
	for i, a := range script {
		if s.callback != nil {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.step(ctx, a, vars); err != nil {
			if a.Optional && errors.Is(err, errNotFound) {
				continue
			}
			return fmt.Errorf("login script step %d (%s %s) on %s: %w", i+1, a.Do, a.Target, s.URL(), err)
		}
	}
	return nil
}

var errNotFound = errors.New("element not found")

func (s *Session) step(ctx context.Context, a agent.Action, vars map[string]string) error {
	if s.doc == nil {
		return errors.New("no page has been opened")
	}
	if a.Target.Frame != "" {
		return frameRefusal(a.Target)
	}
	if a.Match != "" && !agent.MatchURL(a.Match, s.URL()) {
		return fmt.Errorf("%w: the page is not at %s", errNotFound, a.Match)
	}
	value := a.Value
	for k, v := range vars {
		value = strings.ReplaceAll(value, "{"+k+"}", v)
	}
	switch a.Do {
	case "wait_url":
		if !agent.MatchURL(firstNonEmpty(a.Value, a.Match), s.URL()) {
			return fmt.Errorf("%w: the page is at %s", errNotFound, s.URL())
		}
		return nil
	case "wait":
		_, err := s.one(a.Target)
		return err
	case "fill", "select":
		el, err := s.one(a.Target)
		if err != nil {
			return err
		}
		if a.Do == "fill" && value != "" {
			s.typed = append(s.typed, value)
		}
		return s.set(el, value)
	case "click":
		el, err := s.one(a.Target)
		if err != nil {
			return err
		}
		return s.click(ctx, el)
	case "press":
		if !strings.EqualFold(value, "Enter") {
			return fmt.Errorf("the http agent can only press Enter, not %q", value)
		}
		if s.lastForm == nil {
			return errors.New("Enter pressed outside a form")
		}
		return s.submit(ctx, s.lastForm, nil)
	}
	return fmt.Errorf("unknown action %q", a.Do)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// find selects elements by CSS or by visible text; XPath needs the browser.
func (s *Session) find(sel agent.Selector) (*goquery.Selection, error) {
	switch {
	case sel.CSS != "":
		return s.doc.Find(sel.CSS), nil
	case sel.Text != "":
		return s.doc.Find("button, a, input[type=submit], label, [role=button]").FilterFunction(func(_ int, e *goquery.Selection) bool {
			t := strings.TrimSpace(e.Text())
			if v, ok := e.Attr("value"); ok && t == "" {
				t = v
			}
			return strings.Contains(t, sel.Text)
		}), nil
	case sel.XPath != "":
		return nil, errors.New("XPath selectors need agent: browser")
	}
	return nil, errors.New("no selector")
}

func (s *Session) one(sel agent.Selector) (*goquery.Selection, error) {
	found, err := s.find(sel)
	if err != nil {
		return nil, err
	}
	if found.Length() == 0 {
		if s.hasFrames() {
			return nil, fmt.Errorf("%w: %s (the page has an iframe: %w)", errNotFound, sel, errFrame)
		}
		if s.doc.Find("script").Length() > 0 {
			return nil, fmt.Errorf("%w: %s (%v)", errNotFound, sel, errNoJS)
		}
		return nil, fmt.Errorf("%w: %s", errNotFound, sel)
	}
	return found.First(), nil
}

// formKey identifies a form of the current page by its position.
func (s *Session) formKey(form *goquery.Selection) string {
	return strconv.Itoa(s.doc.Find("form").IndexOfSelection(form))
}

// set types a value into a field of a form.
func (s *Session) set(el *goquery.Selection, value string) error {
	name, ok := el.Attr("name")
	if !ok || name == "" {
		return errors.New("the field has no name, so a form would not send it")
	}
	form := el.Closest("form")
	if form.Length() == 0 {
		return errors.New("the field is not in a form")
	}
	k := s.formKey(form)
	if s.values[k] == nil {
		s.values[k] = url.Values{}
	}
	s.values[k].Set(name, value)
	s.lastForm = form
	return nil
}

// click follows a link, ticks a box, or submits the form of a button.
func (s *Session) click(ctx context.Context, el *goquery.Selection) error {
	if goquery.NodeName(el) == "input" {
		switch strings.ToLower(el.AttrOr("type", "text")) {
		case "checkbox":
			return s.toggle(el)
		case "radio":
			return s.choose(el)
		}
	}
	if goquery.NodeName(el) == "a" {
		href, _ := el.Attr("href")
		u, err := s.url.Parse(href)
		if err != nil {
			return err
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return fmt.Errorf("the link goes to a %s: URL (%v)", u.Scheme, errScripted)
		}
		req, err := http.NewRequest(http.MethodGet, u.String(), nil)
		if err != nil {
			return err
		}
		return s.send(ctx, req, "navigation")
	}
	form := el.Closest("form")
	if form.Length() == 0 {
		return fmt.Errorf("%s is neither a link nor in a form (%v)", goquery.NodeName(el), errNoJS)
	}
	if strings.EqualFold(el.AttrOr("type", ""), "button") {
		return fmt.Errorf("%s is a type=button control: only the page's JavaScript acts on it (%v)", goquery.NodeName(el), errNoJS)
	}
	return s.submit(ctx, form, el)
}

// submit sends a form as a browser would (HTML §4.10.21): its successful
// controls with their current values, plus the button that submitted it.
func (s *Session) submit(ctx context.Context, form, button *goquery.Selection) error {
	if why := scriptedSubmit(s.doc, form); why != "" {
		return fmt.Errorf("this form is submitted by the page's JavaScript (%s), not by the browser: %w", why, errScripted)
	}
	req, err := s.submission(form, button)
	if err != nil {
		return err
	}
	return s.send(ctx, req, "form")
}

// submission builds the request a browser sends for the form.
func (s *Session) submission(form, button *goquery.Selection) (*http.Request, error) {
	values := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, f *goquery.Selection) {
		name, ok := f.Attr("name")
		if _, disabled := f.Attr("disabled"); !ok || name == "" || disabled {
			return
		}
		switch strings.ToLower(f.AttrOr("type", "text")) {
		case "submit", "button", "image", "reset", "file":
			return
		case "checkbox", "radio":
			if !s.isChecked(f) {
				return
			}
			values.Add(name, f.AttrOr("value", "on"))
			return
		}
		if goquery.NodeName(f) == "select" {
			opt := f.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = f.Find("option").First()
			}
			values.Add(name, opt.AttrOr("value", strings.TrimSpace(opt.Text())))
			return
		}
		if goquery.NodeName(f) == "textarea" {
			values.Add(name, f.Text())
			return
		}
		values.Add(name, f.AttrOr("value", ""))
	})
	for name, vs := range s.values[s.formKey(form)] {
		values[name] = vs
	}
	if button != nil {
		if name, ok := button.Attr("name"); ok && name != "" {
			values.Add(name, button.AttrOr("value", ""))
		}
	}
	action, err := s.url.Parse(form.AttrOr("action", ""))
	if err != nil {
		return nil, err
	}
	if button != nil {
		if fa, ok := button.Attr("formaction"); ok {
			if action, err = s.url.Parse(fa); err != nil {
				return nil, err
			}
		}
	}
	var req *http.Request
	if strings.EqualFold(form.AttrOr("method", "get"), "post") {
		req, err = http.NewRequest(http.MethodPost, action.String(), strings.NewReader(values.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		action.RawQuery = values.Encode()
		req, err = http.NewRequest(http.MethodGet, action.String(), nil)
	}
	return req, err
}

// boxKey identifies a checkbox or radio button of the current page.
func (s *Session) boxKey(el *goquery.Selection) int {
	return s.doc.Find("input").IndexOfSelection(el)
}

// isChecked is a box's state: as the page served it, unless clicked since.
func (s *Session) isChecked(el *goquery.Selection) bool {
	if v, ok := s.checked[s.boxKey(el)]; ok {
		return v
	}
	_, checked := el.Attr("checked")
	return checked
}

// toggle clicks a checkbox.
func (s *Session) toggle(el *goquery.Selection) error {
	s.checked[s.boxKey(el)] = !s.isChecked(el)
	s.lastForm = el.Closest("form")
	return nil
}

// choose clicks a radio button: it is checked, the others of its group not.
func (s *Session) choose(el *goquery.Selection) error {
	name := el.AttrOr("name", "")
	el.Closest("form").Find("input[type=radio]").Each(func(_ int, r *goquery.Selection) {
		if r.AttrOr("name", "") == name {
			s.checked[s.boxKey(r)] = false
		}
	})
	s.checked[s.boxKey(el)] = true
	s.lastForm = el.Closest("form")
	return nil
}
