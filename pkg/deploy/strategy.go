package deploy

import (
	"fmt"
	"strconv"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// Rollout strategies.
const (
	AllAtOnce = "all-at-once"
	BlueGreen = "blue-green"
	Canary    = "canary"
)

// Strategy says how a reviewed change reaches traffic. Blue-green and canary
// need the root to follow a small contract (docs/rollouts.md): a color
// variable with health_check_urls_blue/green outputs, or a weight variable.
type Strategy struct {
	Kind           string
	CanarySteps    []int  // canary weights in order; the last is the root's committed weight
	ColorVariable  string // default "active_color"
	WeightVariable string // default "canary_weight"
	// VersionVariable is the canary variable holding the new version (the
	// image); the resources that use it are the new version. Default "image_id".
	VersionVariable string
	// KeepPrevious leaves the old color running after a blue-green flip;
	// false scales it down through the root's <color>_count variable.
	KeepPrevious bool
}

// Stage is one step of a rollout, as reported in the strategy-steps output.
type Stage struct {
	Name      string            `json:"name"`
	Values    map[string]string `json:"values"`
	Plan      string            `json:"plan,omitempty"`
	Result    string            `json:"result"` // success, failure, restored, not-run
	Error     string            `json:"error,omitempty"`
	StartedAt time.Time         `json:"started_at,omitzero"`
	Seconds   float64           `json:"seconds"`

	urls    []string          // outputs whose URLs are checked after the stage
	restore map[string]string // values that undo this stage when it fails; nil: nothing to undo
}

var otherColor = map[string]string{"blue": "green", "green": "blue"}

// stages derives the rollout stages from the reviewed final plan: the final
// stage is the committed configuration, the earlier ones override one
// variable of it. A change that moves no traffic (blue-green without a flip,
// canary without a new version) gets no stages and the reason why: it is
// applied at once, as reviewed.
func (s Strategy) stages(final *tfjson.Plan) ([]*Stage, string, error) {
	value := func(name string) (string, bool) { return variable(final, name) }
	switch s.Kind {
	case BlueGreen:
		cv := or(s.ColorVariable, "active_color")
		target, ok := value(cv)
		if !ok || otherColor[target] == "" {
			return nil, "", fmt.Errorf("strategy blue-green needs the root's variable %q set to blue or green (the color to switch traffic to), got %q; see the blue-green contract in docs/rollouts.md or set color-variable", cv, target)
		}
		prev, why, err := s.flip(final, cv, target)
		if err != nil || why != "" {
			return nil, why, err
		}
		st := []*Stage{
			{Name: fmt.Sprintf("deploy the new version to %s (idle); traffic stays on %s", target, prev),
				Values: map[string]string{cv: prev}, urls: []string{"health_check_urls_" + target}},
			{Name: fmt.Sprintf("switch traffic from %s to %s", prev, target), Values: map[string]string{},
				urls: []string{"health_check_urls_" + target, HealthOutput}, restore: map[string]string{cv: prev}},
		}
		if !s.KeepPrevious {
			count := prev + "_count"
			if _, ok := value(count); !ok {
				return nil, "", fmt.Errorf("keep-previous: false scales the old color down through the root's variable %q, which it does not declare; declare it (number of %s instances) or keep keep-previous: true", count, prev)
			}
			st = append(st, &Stage{Name: fmt.Sprintf("scale %s down to 0", prev), Values: map[string]string{count: "0"},
				urls: []string{"health_check_urls_" + target, HealthOutput}})
		}
		return st, "", nil
	case Canary:
		wv := or(s.WeightVariable, "canary_weight")
		committed, ok := value(wv)
		if !ok {
			return nil, "", fmt.Errorf("strategy canary needs the root's variable %q (0–100, the share of traffic on the new version); see the canary contract in docs/rollouts.md or set weight-variable", wv)
		}
		steps := s.CanarySteps
		if len(steps) == 0 || strconv.Itoa(steps[len(steps)-1]) != committed {
			return nil, "", fmt.Errorf("canary-steps %v must end at the root's committed %s (%s): the last step is the reviewed final state", steps, wv, committed)
		}
		if why, err := s.newVersion(final); err != nil || why != "" {
			return nil, why, err
		}
		var st []*Stage
		for _, w := range steps {
			st = append(st, &Stage{Name: fmt.Sprintf("canary at %d%%", w), Values: map[string]string{wv: strconv.Itoa(w)},
				urls: []string{HealthOutput}, restore: map[string]string{wv: "0"}})
		}
		return st, "", nil
	}
	return nil, "", fmt.Errorf("unknown strategy %q", s.Kind)
}

// variable is the plan's value of the root variable name, as text.
func variable(p *tfjson.Plan, name string) (string, bool) {
	v, ok := p.Variables[name]
	if !ok || v == nil {
		return "", false
	}
	switch x := v.Value.(type) {
	case string:
		return x, true
	default:
		return fmt.Sprint(x), true
	}
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
