package frontchannel

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVisibleText(t *testing.T) {
	for body, want := range map[string]string{
		"": "",
		"<html><head><title>x</title><style>p{}</style></head><body> </body></html>": "",
		"<script>alert(1)</script>":                            "",
		"<p>De applicatie is &eacute;&eacute;n   onbekend</p>": "De applicatie is één onbekend",
		"plain text, no markup":                                "plain text, no markup",
	} {
		assert.Equal(t, want, VisibleText([]byte(body)), "body %q", body)
	}
}
