# The two commands of the README: `make run` and `make test`.
GO      ?= go
BIN     := bin/toets
export PATH := /usr/local/go/bin:$(PATH)

.PHONY: run test build browser peers vet bench matrix flake fuzz clean

## run: the whole suite against the embedded reference server; reports in reports/out/
run: build browser
	./$(BIN) run

## test: unit tests, the suite against the reference server, the fault matrix, every fuzz target for 3 s
test: browser peers vet
	$(GO) test -race -count=1 -timeout 30m ./...
	GO=$(GO) FUZZTIME=3s .ci/fuzz

## matrix: every fault against every scenario, listing which scenarios fail under faults not their own
matrix: browser
	TOETS_FULL_MATRIX=1 $(GO) test -count=1 -timeout 60m -run 'TestFaultMatrix' -v ./internal/suite/

## bench: the whole suite 3 times against the reference server, medians printed and written to bench.json
bench: build browser
	@start=$$(date +%s.%N); $(GO) test -count=1 -timeout 30m -run TestFaultMatrix ./internal/suite/ >/dev/null || exit 1; \
	  end=$$(date +%s.%N); ./$(BIN) bench --runs 3 --json bench.json --matrix-seconds $$(awk "BEGIN{print $$end - $$start}")

## flake: the whole suite 20 times (concurrency 1 and 4 alternating); prints how many runs' verdicts differ from the first
flake: browser
	TOETS_FLAKE_RUNS=20 $(GO) test -count=1 -timeout 60m -run TestSameVerdictEveryTime -v ./internal/suite/ | grep -E 'runs differ|^(ok|FAIL|---)'

## fuzz: every fuzz target (found with go test -list) for FUZZTIME each (default 10s)
fuzz:
	GO=$(GO) FUZZTIME=$(or $(FUZZTIME),10s) .ci/fuzz

build:
	$(GO) build -o $(BIN) ./cmd/toets

browser:
	@.ci/ensure-browser

## peers: the npm packages of the oidc-provider peer (TestIndependentServers), from its lockfile
PEER_OP := internal/peers/oidcprovider
peers:
	@test -d $(PEER_OP)/node_modules || { command -v npm >/dev/null 2>&1 || { echo "toets: the oidc-provider peer needs Node.js and npm: apt-get install -y --no-install-recommends nodejs npm"; exit 1; }; cd $(PEER_OP) && npm ci --no-audit --no-fund; }

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) vet ./...
	@$(GO) mod tidy -diff >/dev/null || (echo "go.mod/go.sum are not tidy: run go mod tidy"; $(GO) mod tidy -diff; exit 1)

clean:
	rm -rf bin reports/out
