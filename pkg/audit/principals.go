package audit

import (
	"regexp"
	"strings"

	"github.com/repave-dev/repave/pkg/input"
)

// Principals says which principals are automation (the pipeline, cloud
// services): their writes are not manual changes.
type Principals struct {
	rules []principalRule
}

type principalRule struct {
	pattern string         // ARN or email/UPN with * and ? wildcards, or an object id
	fold    bool           // compare case-insensitively (emails, UPNs, object ids)
	re      *regexp.Regexp // re: lines, anchored
}

// objectIDRE is an Azure (Entra ID) object or application id.
var objectIDRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

const principalsWant = "an ARN (arn:aws:iam::123456789012:role/deploy; its sessions match too; * and ? as in IAM), " +
	"an email (a GCP service account or user, an Azure UPN), an Azure object id, or re:<regular expression> (matched whole)"

// ParsePrincipals reads automation principals, one a line:
//
//   - an AWS ARN, matched literally except for IAM's wildcards `*` (any
//     characters) and `?` (one character); a role's ARN also covers every
//     session of that role (arn:aws:sts::<account>:assumed-role/<role>/<session>);
//   - an email: a GCP principal (authenticationInfo.principalEmail, such as
//     deploy@project.iam.gserviceaccount.com) or an Azure caller's UPN,
//     case-insensitive, with the same wildcards;
//   - an Azure object id (a GUID): the caller's object or application id;
//   - `re:` and a regular expression, matched against the whole principal
//     (anchored at both ends whatever it says).
//
// Blank lines and lines starting with # are ignored. Errors name the line.
func ParsePrincipals(lines []string) (Principals, error) {
	var p Principals
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		bad := func(reason string) (Principals, error) {
			return Principals{}, &input.Error{Input: "automation-principals", Line: i + 1, Value: l, Reason: reason, Want: principalsWant}
		}
		switch {
		case strings.HasPrefix(l, "re:"):
			re, err := regexp.Compile(`^(?:` + l[3:] + `)$`)
			if err != nil {
				return bad("is not a valid regular expression (" + err.Error() + ")")
			}
			p.rules = append(p.rules, principalRule{re: re})
		case strings.HasPrefix(l, "arn:"):
			if strings.Count(l, ":") < 5 {
				return bad("is not a whole ARN (arn:partition:service:region:account:resource)")
			}
			p.rules = append(p.rules, principalRule{pattern: l})
		case strings.Contains(l, "@") && !strings.ContainsAny(l, " \t/"):
			p.rules = append(p.rules, principalRule{pattern: l, fold: true})
		case objectIDRE.MatchString(l):
			p.rules = append(p.rules, principalRule{pattern: l, fold: true})
		case strings.ContainsAny(l, `^$()[]|\+{}`):
			return bad("is not an ARN, an email or an object id; a regular expression needs the re: prefix")
		default:
			return bad("is not an ARN, an email or an object id")
		}
	}
	return p, nil
}

// Automation reports whether the event was made by an automation principal:
// its principal, its session issuer or its caller's object id matches a
// line (a role matches its assumed-role sessions).
func (p Principals) Automation(ev Event) bool {
	for _, id := range []string{ev.Principal, ev.Issuer, ev.PrincipalID} {
		if id == "" {
			continue
		}
		for _, r := range p.rules {
			switch {
			case r.re != nil:
				if r.re.MatchString(id) {
					return true
				}
			case r.fold:
				if wildcard(strings.ToLower(r.pattern), strings.ToLower(id)) {
					return true
				}
			default:
				if wildcard(r.pattern, id) || sessionOf(id, r.pattern) {
					return true
				}
			}
		}
	}
	return false
}

// wildcard matches s against pattern, where `*` is any run of characters
// and `?` any one character, as in IAM policies; every other character,
// `+` and `.` included, is itself.
func wildcard(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// sessionOf reports whether principal is an assumed-role session of the role
// ARN role (wildcards allowed): arn:aws:iam::123:role/path/Name has sessions
// arn:aws:sts::123:assumed-role/Name/<session> (the path is not in them).
func sessionOf(principal, role string) bool {
	rp := strings.SplitN(role, ":", 6)
	pp := strings.SplitN(principal, ":", 6)
	if len(rp) != 6 || len(pp) != 6 || rp[2] != "iam" || pp[2] != "sts" || !wildcard(rp[1], pp[1]) || !wildcard(rp[4], pp[4]) {
		return false
	}
	name, ok := strings.CutPrefix(rp[5], "role/")
	if !ok {
		return false
	}
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	rest, ok := strings.CutPrefix(pp[5], "assumed-role/")
	if !ok {
		return false
	}
	roleName, session, ok := strings.Cut(rest, "/")
	return ok && session != "" && !strings.Contains(session, "/") && wildcard(name, roleName)
}
