package tf

import "github.com/hashicorp/terraform-exec/tfexec"

// targetOptions are the plan's -target and -replace flags (break-glass: only
// these resources, or these re-created). terraform-exec passes each address
// as one `-target=ADDR` argument: an address never becomes another flag.
func (o Options) targetOptions() []tfexec.PlanOption {
	var opts []tfexec.PlanOption
	for _, t := range o.Targets {
		opts = append(opts, tfexec.Target(t))
	}
	for _, r := range o.Replaces {
		opts = append(opts, tfexec.Replace(r))
	}
	return opts
}
