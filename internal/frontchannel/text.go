package frontchannel

import (
	"html"
	"regexp"
	"strings"
)

var (
	hiddenParts = regexp.MustCompile(`(?is)<(script|style|head|template)\b.*?</(script|style|head|template)\s*>`)
	markup      = regexp.MustCompile(`(?s)<[^>]*>`)
)

// VisibleText is roughly the text a person reads on the page: the markup,
// scripts, styles and head removed, entities decoded and white space
// collapsed. Enough to tell an error page that says something from an empty
// answer; not a renderer.
func VisibleText(body []byte) string {
	s := hiddenParts.ReplaceAllString(string(body), " ")
	s = markup.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}
