package target

import "strings"

// HTTPSHostURLs are the hosts the target file names, each as an https URL
// (host or host:port, as named): the places whose pages the browser may
// show and whose certificates it must trust as the file does.
func (t *Target) HTTPSHostURLs() []string {
	var out []string
	for _, h := range t.AllowedHosts() {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, "https://"+h)
		}
	}
	return out
}
