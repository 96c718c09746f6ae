package ghtest

import (
	"net/http"
	"sort"
	"strings"
)

func (s *Server) commitRoutes() {
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/commits/{sha}/pulls", s.listCommitPulls)
}

// listCommitPulls serves GET /repos/{owner}/{repo}/commits/{sha}/pulls: the
// pull requests whose head is the commit, or that were merged as it (merge,
// squash or rebase commit), newest first.
func (s *Server) listCommitPulls(w http.ResponseWriter, r *http.Request, c *call) {
	owner, repo, sha := c.params["owner"], c.params["repo"], c.params["sha"]
	var found []*pull
	for _, p := range s.pulls {
		if !strings.EqualFold(p.owner, owner) || !strings.EqualFold(p.repo, repo) {
			continue
		}
		if p.HeadSHA == sha || (p.MergeCommitSHA == sha && p.Merged) {
			found = append(found, p)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Number > found[j].Number })
	from, to := s.page(w, r, len(found))
	out := make([]pullJSON, 0, to-from)
	for _, p := range found[from:to] {
		out = append(out, s.pullJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}
