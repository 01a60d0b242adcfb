// Package suite holds the tests that run the whole feature suite against the
// embedded reference server: the suite must pass against the server as it
// is, and fail, rule by rule, under each fault of the fault table (the fault
// matrix). It proves every check of the harness can fail.
package suite
