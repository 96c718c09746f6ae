package ghtest

import (
	"net/http"
	"sort"
	"strings"
)

func (s *Server) commitRoutes() {
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/commits/{sha}/pulls", s.listCommitPulls)
}

// LagCommitPulls makes GET commits/{sha}/pulls answer an empty list for the
// next polls calls about sha, as GitHub does for a few seconds after a merge
// while it links the new commit to its pull request.
func (s *Server) LagCommitPulls(owner, repo, sha string, polls int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.commitLag == nil {
		s.commitLag = map[string]int{}
	}
	s.commitLag[strings.ToLower(owner+"/"+repo)+"@"+sha] = polls
}

// pullSimpleJSON is GitHub's "pull request simple" object, what list
// endpoints return: no merged, mergeable, comments or commits fields.
type pullSimpleJSON struct {
	URL               string     `json:"url"`
	ID                int64      `json:"id"`
	NodeID            string     `json:"node_id"`
	HTMLURL           string     `json:"html_url"`
	DiffURL           string     `json:"diff_url"`
	PatchURL          string     `json:"patch_url"`
	IssueURL          string     `json:"issue_url"`
	Number            int        `json:"number"`
	State             string     `json:"state"`
	Locked            bool       `json:"locked"`
	Title             string     `json:"title"`
	User              userJSON   `json:"user"`
	Body              *string    `json:"body"`
	CreatedAt         string     `json:"created_at"`
	UpdatedAt         string     `json:"updated_at"`
	ClosedAt          *string    `json:"closed_at"`
	MergedAt          *string    `json:"merged_at"`
	MergeCommitSHA    *string    `json:"merge_commit_sha"`
	Draft             bool       `json:"draft"`
	CommitsURL        string     `json:"commits_url"`
	ReviewCommentsURL string     `json:"review_comments_url"`
	CommentsURL       string     `json:"comments_url"`
	StatusesURL       string     `json:"statuses_url"`
	Head              branchJSON `json:"head"`
	Base              branchJSON `json:"base"`
	AuthorAssociation string     `json:"author_association"`
}

func (s *Server) pullSimpleJSON(p *pull) pullSimpleJSON { return s.pullJSON(p).pullSimpleJSON }

// listCommitPulls serves GET /repos/{owner}/{repo}/commits/{sha}/pulls: the
// pull requests whose head is the commit, or that were merged as it (merge,
// squash or rebase commit), newest first, as "simple" pull requests. Right
// after a merge (LagCommitPulls) the list is empty.
func (s *Server) listCommitPulls(w http.ResponseWriter, r *http.Request, c *call) {
	owner, repo, sha := c.params["owner"], c.params["repo"], c.params["sha"]
	lagKey := strings.ToLower(owner+"/"+repo) + "@" + sha
	if s.commitLag[lagKey] > 0 {
		s.commitLag[lagKey]--
		writeJSON(w, http.StatusOK, []pullSimpleJSON{})
		return
	}
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
	out := make([]pullSimpleJSON, 0, to-from)
	for _, p := range found[from:to] {
		out = append(out, s.pullSimpleJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}
