// Package bench measures toets against its embedded reference server: the
// whole suite run several times, reported as medians. Speed is measured
// here, never asserted in tests.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/toets/toets/features"
	"github.com/toets/toets/internal/browser"
	"github.com/toets/toets/internal/embedded"
	"github.com/toets/toets/internal/runner"
	"github.com/toets/toets/internal/target"
)

// Figures are one benchmark's results; durations in seconds, memory in MB.
type Figures struct {
	Runs                int              `json:"runs"`
	Scenarios           int              `json:"scenarios"`
	WallSeconds         float64          `json:"wall_seconds_median"`
	ScenariosPerSecond  float64          `json:"scenarios_per_second_median"`
	HTTPScenarioP50     float64          `json:"http_scenario_p50_seconds"`
	HTTPScenarioP95     float64          `json:"http_scenario_p95_seconds"`
	BrowserScenarioP50  float64          `json:"browser_scenario_p50_seconds"`
	BrowserScenarioP95  float64          `json:"browser_scenario_p95_seconds"`
	BrowserStartSeconds float64          `json:"browser_start_seconds_median"`
	ToetsPeakRSSMB      float64          `json:"toets_peak_rss_mb"`
	ChromiumPeakRSSMB   float64          `json:"chromium_peak_rss_mb"`
	MatrixSeconds       float64          `json:"fault_matrix_seconds,omitempty"`
	Concurrency         int              `json:"concurrency"`
	Verdicts            []map[string]int `json:"verdicts_per_run"`
}

// Run runs the whole suite runs times against a fresh reference server
// each time, with a fresh browser each time (so its start is measured).
func Run(ctx context.Context, runs, concurrency int, progress io.Writer) (*Figures, error) {
	ca, err := embedded.CA()
	if err != nil {
		return nil, err
	}
	f := &Figures{Runs: runs, Concurrency: concurrency}
	var walls, rates, starts, httpDur, browserDur []float64
	var chromiumPeak float64
	for i := 0; i < runs; i++ {
		in, err := embedded.Start("", nil)
		if err != nil {
			return nil, err
		}
		file, err := target.Load(in.TargetPath)
		if err != nil {
			in.Close()
			return nil, err
		}
		tgt, err := target.Resolve(file, in.TargetPath)
		if err != nil {
			in.Close()
			return nil, err
		}
		b := browser.New(browser.Options{TrustedCAs: [][]byte{ca.CertPEM()}})
		stop := sampleRSS(b, &chromiumPeak)
		start := time.Now()
		run, _, err := runner.Run(ctx, runner.Config{Target: tgt, Features: features.FS, Concurrency: concurrency, Browser: b})
		wall := time.Since(start).Seconds()
		stop()
		starts = append(starts, b.StartDuration().Seconds())
		b.Close()
		in.Close()
		if err != nil {
			return nil, err
		}
		walls = append(walls, wall)
		rates = append(rates, float64(len(run.Scenarios))/wall)
		f.Scenarios = len(run.Scenarios)
		counts := map[string]int{}
		for _, s := range run.Scenarios {
			counts[string(s.Verdict)]++
			if hasTag(s.Tags, "@browser") {
				browserDur = append(browserDur, s.Duration.Seconds())
			} else {
				httpDur = append(httpDur, s.Duration.Seconds())
			}
		}
		f.Verdicts = append(f.Verdicts, counts)
		if progress != nil {
			fmt.Fprintf(progress, "run %d: %d scenarios in %.1fs, browser start %.2fs\n", i+1, len(run.Scenarios), wall, b.StartDuration().Seconds())
		}
	}
	f.WallSeconds = quantile(walls, 0.5)
	f.ScenariosPerSecond = quantile(rates, 0.5)
	f.BrowserStartSeconds = quantile(starts, 0.5)
	f.HTTPScenarioP50, f.HTTPScenarioP95 = quantile(httpDur, 0.5), quantile(httpDur, 0.95)
	f.BrowserScenarioP50, f.BrowserScenarioP95 = quantile(browserDur, 0.5), quantile(browserDur, 0.95)
	f.ToetsPeakRSSMB = selfPeakRSSMB()
	f.ChromiumPeakRSSMB = chromiumPeak
	return f, nil
}

// Write prints the figures and writes them as JSON.
func (f *Figures) Write(w io.Writer, jsonPath string) error {
	fmt.Fprintf(w, "toets benchmark: %d runs of %d scenarios against the reference server (concurrency %d), medians\n", f.Runs, f.Scenarios, f.Concurrency)
	row := func(name, value, target string) { fmt.Fprintf(w, "  %-34s %-12s %s\n", name, value, target) }
	row("whole suite, wall time", fmt.Sprintf("%.2f s", f.WallSeconds), "(target ≤ 30 s)")
	row("scenarios per second", fmt.Sprintf("%.2f", f.ScenariosPerSecond), "")
	row("HTTP-only scenario p50 / p95", fmt.Sprintf("%.0f / %.0f ms", 1000*f.HTTPScenarioP50, 1000*f.HTTPScenarioP95), "(target p50 ≤ 15 ms)")
	row("browser scenario p50 / p95", fmt.Sprintf("%.0f / %.0f ms", 1000*f.BrowserScenarioP50, 1000*f.BrowserScenarioP95), "(login+consent flow target p50 ≤ 400 ms)")
	row("browser start", fmt.Sprintf("%.2f s", f.BrowserStartSeconds), "")
	row("toets peak RSS", fmt.Sprintf("%.0f MB", f.ToetsPeakRSSMB), "(target ≤ 150 MB)")
	row("Chromium peak RSS (all processes)", fmt.Sprintf("%.0f MB", f.ChromiumPeakRSSMB), "")
	if f.MatrixSeconds > 0 {
		row("fault matrix", fmt.Sprintf("%.1f s", f.MatrixSeconds), "")
	}
	if jsonPath == "" {
		return nil
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if dir := filepath.Dir(jsonPath); dir != "." {
		os.MkdirAll(dir, 0o755)
	}
	return os.WriteFile(jsonPath, append(b, '\n'), 0o644)
}

func hasTag(tags []string, t string) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// quantile is the nearest-rank quantile of xs (0 when empty).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(q*float64(len(s))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(s) {
		i = len(s) - 1
	}
	return s[i]
}

// selfPeakRSSMB is the process's high-water resident set (VmHWM).
func selfPeakRSSMB() float64 {
	return statusKB("/proc/self/status", "VmHWM:") / 1024
}

// sampleRSS samples the summed RSS of the browser's processes every 100 ms
// and keeps the peak, until stop is called.
func sampleRSS(b *browser.Browser, peak *float64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var sum float64
				for _, pid := range b.PIDs() {
					sum += statusKB("/proc/"+strconv.Itoa(pid)+"/status", "VmRSS:") / 1024
				}
				if sum > *peak {
					*peak = sum
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func statusKB(path, field string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			fs := strings.Fields(line)
			if len(fs) >= 2 {
				v, _ := strconv.ParseFloat(fs[1], 64)
				return v
			}
		}
	}
	return 0
}
