package ghtest

import (
	"net/http"
	"strings"
)

// call is one authenticated request as a handler sees it.
type call struct {
	login  string            // the token's user
	token  string            // the token itself, to tell installation tokens apart
	params map[string]string // path wildcards, e.g. "owner", "number"
}

func (c *call) installation() bool { return strings.HasPrefix(c.token, "ghs_") }

// handlerFunc serves one route. It runs with Server.mu held.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *call)

type route struct {
	method string
	segs   []string // literal segments, or "{name}" wildcards
	h      handlerFunc
}

// router matches "METHOD /literal/{wildcard}/..." patterns. Unlike
// http.ServeMux it accepts patterns that overlap, such as
// /repos/{owner}/{repo}/issues/comments/{id} and
// /repos/{owner}/{repo}/issues/{number}/comments, and prefers the one with more
// literal segments, as GitHub's own routing does.
type router struct {
	routes []route
}

// handle registers h for method and pattern.
func (rt *router) handle(method, pattern string, h handlerFunc) {
	rt.routes = append(rt.routes, route{method: method, segs: split(pattern), h: h})
}

// match returns the handler for method and path, with its wildcards.
func (rt *router) match(method, path string) (handlerFunc, map[string]string) {
	segs := split(path)
	var best *route
	var bestParams map[string]string
	bestLiterals := -1
	for i := range rt.routes {
		r := &rt.routes[i]
		if r.method != method || len(r.segs) != len(segs) {
			continue
		}
		params, literals, ok := r.bind(segs)
		if ok && literals > bestLiterals {
			best, bestParams, bestLiterals = r, params, literals
		}
	}
	if best == nil {
		return nil, nil
	}
	return best.h, bestParams
}

func (r *route) bind(segs []string) (map[string]string, int, bool) {
	params := map[string]string{}
	literals := 0
	for i, s := range r.segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[s[1:len(s)-1]] = segs[i]
			continue
		}
		if s != segs[i] {
			return nil, 0, false
		}
		literals++
	}
	return params, literals, true
}

func split(path string) []string {
	return strings.Split(strings.Trim(path, "/"), "/")
}
