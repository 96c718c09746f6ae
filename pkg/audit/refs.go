package audit

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Attribution: an event is tied to the first of its references, in this
// order, that names a resource in state (docs/audit-check.md, "Which resource an event
// is tied to"):
//
//  1. the resources the log itself names: CloudTrail's `resources` ARNs and
//     LookupEvents' Resources, GCP's `resourceName`, Azure's `resourceId`,
//     in the order the log gives them;
//  2. identifiers whose key names the event's resource type (`instanceId`
//     for ModifyInstanceAttribute, `groupId` for
//     AuthorizeSecurityGroupIngress, `bucketName` for PutBucketPolicy): in
//     the request, then the response; for calls that create (Run, Create,
//     Allocate, Import, Register, Copy, Request, Launch) the response first,
//     since it names what was made;
//  3. other identifiers (keys ending in Id, Ids, Arn, Arns, Name, Names,
//     Identifier), in the request then the response;
//  4. every other string of the request, then of the response.
//
// Within each step shallower keys come first, then keys in byte order, then
// list items in their order, so the same event is tied to the same resource
// on every run; across roots, the roots are tried in sorted order for each
// reference before the next reference.
type ref struct {
	tier  int
	part  int // 0 request, 1 response (swapped for create calls)
	depth int
	path  string
	value string
}

// addRefs appends the references of one JSON document (request or
// response) to refs.
func addRefs(refs []ref, raw json.RawMessage, part int, noun string) []ref {
	if len(raw) == 0 {
		return refs
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return refs
	}
	var walk func(v any, key, path string, depth int)
	walk = func(v any, key, path string, depth int) {
		switch x := v.(type) {
		case string:
			if x == "" {
				return
			}
			tier := 4
			if stem, ok := idKey(key); ok {
				tier = 3
				if stem != "" && strings.Contains(noun, stem) {
					tier = 2
				}
			}
			refs = append(refs, ref{tier: tier, part: part, depth: depth, path: path, value: x})
		case []any:
			for i, e := range x {
				walk(e, key, fmt.Sprintf("%s[%06d]", path, i), depth)
			}
		case map[string]any:
			for k, e := range x {
				walk(e, k, path+"."+k, depth+1)
			}
		}
	}
	walk(v, "", "", 0)
	return refs
}

// idKey reports whether key names an identifier, and the resource it names
// (lower case, "" when the key is only "id" or "name").
func idKey(key string) (string, bool) {
	l := strings.ToLower(key)
	for _, suf := range []string{"identifier", "arns", "arn", "ids", "id", "names", "name"} {
		if stem, ok := strings.CutSuffix(l, suf); ok {
			return strings.Trim(stem, "_-"), true
		}
	}
	return "", false
}

// createVerbs begin the names of calls whose response names what they made.
var createVerbs = []string{"Run", "Create", "Allocate", "Import", "Register", "Copy", "Request", "Launch"}

// eventNoun is the lower-case resource part of an API name:
// "ModifyInstanceAttribute" -> "instanceattribute"; and whether it creates.
func eventNoun(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	i := 1
	for i < len(name) && !(name[i] >= 'A' && name[i] <= 'Z') {
		i++
	}
	verb, noun := name[:i], name[i:]
	creates := false
	for _, v := range createVerbs {
		creates = creates || verb == v
	}
	return strings.ToLower(noun), creates
}

// requestRefs orders the references of a request and its response.
func requestRefs(name string, request, response json.RawMessage) []ref {
	noun, creates := eventNoun(name)
	refs := addRefs(nil, request, 0, noun)
	refs = addRefs(refs, response, 1, noun)
	if creates {
		// Step 2 of a creating call: the response, which names what it made, first.
		for i := range refs {
			if refs[i].tier == 2 {
				refs[i].part = 1 - refs[i].part
			}
		}
	}
	sortRefs(refs)
	return refs
}

func sortRefs(refs []ref) {
	sort.SliceStable(refs, func(i, j int) bool {
		a, b := refs[i], refs[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		if a.part != b.part {
			return a.part < b.part
		}
		if a.depth != b.depth {
			return a.depth < b.depth
		}
		return a.path < b.path
	})
}

// logRefs are the resources the log names itself (step 1), in its order.
func logRefs(names []string) []ref {
	out := make([]ref, 0, len(names))
	for _, n := range names {
		out = append(out, ref{tier: 1, value: n})
	}
	return out
}
