package audit

import (
	"fmt"
	"strings"
)

// HealthFinding is a health-check URL that did not answer 2xx during the
// audit (a Consul agent's /v1/agent/health/service/name/<service> answers
// 429 on a warning and 503 when critical).
type HealthFinding struct {
	URL    string `json:"url"`
	Answer string `json:"answer"` // the last answer: "503 Service Unavailable" or the error
	Checks int    `json:"checks"`
}

// renderHealth is the section of failing health checks.
func renderHealth(b *strings.Builder, list []HealthFinding) {
	if len(list) == 0 {
		return
	}
	b.WriteString("\n#### Health checks failing\n\n")
	b.WriteString("These URLs did not answer 2xx between deploys. The issue closes when they are healthy again.\n\n")
	b.WriteString("| URL | last answer | checks |\n| --- | --- | --- |\n")
	for _, h := range list {
		fmt.Fprintf(b, "| %s | %s | %d |\n", textCell(h.URL), textCell(h.Answer), h.Checks)
	}
}

// healthURLs is what of the health findings counts for the findings hash: which
// URLs fail, not their changing answers, so a still-failing URL leaves the
// issue alone.
func healthURLs(list []HealthFinding) []string {
	var out []string
	for _, h := range list {
		out = append(out, h.URL)
	}
	return out
}

// healthCount ends the counts line when health checks fail.
func healthCount(list []HealthFinding) string {
	if len(list) == 0 {
		return ""
	}
	return ", " + plural(len(list), "failing health check")
}
