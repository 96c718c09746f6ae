package audit

import (
	"regexp"
	"strings"
)

// Principals says which CloudTrail principals are automation (the pipeline,
// AWS services): their writes are not manual changes.
type Principals struct {
	arns    []string
	regexes []*regexp.Regexp
}

// ParsePrincipals reads automation principals, one a line: an ARN (a role's
// ARN also covers every session of that role,
// arn:aws:sts::<account>:assumed-role/<role>/<session>), an ARN with `*`
// wildcards as in IAM policies, or else a regular expression matched against
// the principal's ARN. Errors name the line.
func ParsePrincipals(lines []string) (Principals, error) {
	var p Principals
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "arn:") && !strings.ContainsAny(l, `^$()[]|\+?{}`) && !strings.Contains(l, ".*") {
			if !strings.Contains(l, "*") {
				p.arns = append(p.arns, l)
				continue
			}
			// An ARN with * wildcards, as in IAM policies: * matches within the ARN.
			l = "^" + strings.ReplaceAll(regexp.QuoteMeta(l), `\*`, ".*") + "$"
		}
		re, err := regexp.Compile(l)
		if err != nil {
			return Principals{}, &InputError{Input: "automation-principals", Line: i + 1, Value: l,
				Reason: "is neither an ARN nor a valid regular expression (" + err.Error() + ")",
				Want:   "an ARN such as arn:aws:iam::123456789012:role/deploy (its sessions match too) or a regular expression"}
		}
		p.regexes = append(p.regexes, re)
	}
	return p, nil
}

// Automation reports whether the event was made by an automation principal:
// its principal or its session issuer equals a listed ARN (roles matched to
// their assumed-role sessions), or matches a listed regular expression.
func (p Principals) Automation(ev Event) bool {
	ids := []string{ev.Principal, ev.Issuer}
	for _, id := range ids {
		if id == "" {
			continue
		}
		for _, a := range p.arns {
			if id == a || sessionOf(id, a) {
				return true
			}
		}
		for _, re := range p.regexes {
			if re.MatchString(id) {
				return true
			}
		}
	}
	return false
}

// sessionOf reports whether principal is an assumed-role session of the role
// ARN role: arn:aws:iam::123:role/path/Name has sessions
// arn:aws:sts::123:assumed-role/Name/<session> (the path is not in them).
func sessionOf(principal, role string) bool {
	rp := strings.SplitN(role, ":", 6)
	pp := strings.SplitN(principal, ":", 6)
	if len(rp) != 6 || len(pp) != 6 || rp[2] != "iam" || pp[2] != "sts" || rp[1] != pp[1] || rp[4] != pp[4] {
		return false
	}
	name, ok := strings.CutPrefix(rp[5], "role/")
	if !ok {
		return false
	}
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	rest, ok := strings.CutPrefix(pp[5], "assumed-role/"+name+"/")
	return ok && rest != "" && !strings.Contains(rest, "/")
}
