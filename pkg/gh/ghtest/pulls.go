package ghtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// PullRequest describes a pull request to serve. Zero fields get defaults:
// State "open" ("closed" when Merged), Author "octocat", BaseRef "main",
// HeadRef "feature-<number>", Title "Pull request #<number>".
type PullRequest struct {
	Number         int
	Title          string
	Body           string
	State          string // "open" or "closed"
	Draft          bool
	Merged         bool
	MergeCommitSHA string
	HeadSHA        string
	HeadRef        string
	BaseSHA        string
	BaseRef        string
	Author         string // login
}

type pull struct {
	PullRequest
	owner, repo      string
	id               int64
	author           *user
	created, updated time.Time
}

func pullKey(owner, repo string, number int) string { return issueKey(owner, repo, number) }

// AddPull adds (or replaces) pull request pr of owner/repo.
func (s *Server) AddPull(owner, repo string, pr PullRequest) {
	if pr.State == "" {
		pr.State = "open"
		if pr.Merged {
			pr.State = "closed"
		}
	}
	if pr.Author == "" {
		pr.Author = "octocat"
	}
	if pr.BaseRef == "" {
		pr.BaseRef = "main"
	}
	if pr.HeadRef == "" {
		pr.HeadRef = fmt.Sprintf("feature-%d", pr.Number)
	}
	if pr.Title == "" {
		pr.Title = fmt.Sprintf("Pull request #%d", pr.Number)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoID(owner, repo)
	now := s.now()
	p := &pull{PullRequest: pr, owner: owner, repo: repo, id: s.newID(), author: s.user(pr.Author),
		created: now.Add(-time.Hour), updated: now}
	s.pulls[pullKey(owner, repo, pr.Number)] = p
}

// pullJSON is GitHub's pull request object (the fields repave and its tests
// use, named and nested as GitHub does): the simple object of the list
// endpoints (commits.go) and the fields only GET of one pull request has.
type pullJSON struct {
	pullSimpleJSON
	Merged              bool      `json:"merged"`
	Mergeable           *bool     `json:"mergeable"`
	MergeableState      string    `json:"mergeable_state"`
	MergedBy            *userJSON `json:"merged_by"`
	Comments            int       `json:"comments"`
	ReviewComments      int       `json:"review_comments"`
	MaintainerCanModify bool      `json:"maintainer_can_modify"`
	Commits             int       `json:"commits"`
	Additions           int       `json:"additions"`
	Deletions           int       `json:"deletions"`
	ChangedFiles        int       `json:"changed_files"`
}

type branchJSON struct {
	Label string   `json:"label"`
	Ref   string   `json:"ref"`
	SHA   string   `json:"sha"`
	User  userJSON `json:"user"`
	Repo  repoJSON `json:"repo"`
}

// repoJSON is GitHub's repository object, in brief.
type repoJSON struct {
	ID            int64    `json:"id"`
	NodeID        string   `json:"node_id"`
	Name          string   `json:"name"`
	FullName      string   `json:"full_name"`
	Private       bool     `json:"private"`
	Owner         userJSON `json:"owner"`
	HTMLURL       string   `json:"html_url"`
	URL           string   `json:"url"`
	Fork          bool     `json:"fork"`
	DefaultBranch string   `json:"default_branch"`
}

func (s *Server) repoJSON(owner, repo string) repoJSON {
	id := s.repoID(owner, repo)
	return repoJSON{
		ID:            id,
		NodeID:        nodeID("R_", id),
		Name:          repo,
		FullName:      owner + "/" + repo,
		Owner:         s.userJSON(s.user(owner)),
		HTMLURL:       s.Origin + "/" + owner + "/" + repo,
		URL:           s.URL + "repos/" + owner + "/" + repo,
		DefaultBranch: "main",
	}
}

func (s *Server) pullJSON(p *pull) pullJSON {
	repoAPI := s.URL + "repos/" + p.owner + "/" + p.repo
	html := s.htmlIssueURL(p.owner, p.repo, p.Number)
	rj := s.repoJSON(p.owner, p.repo)
	owner := s.userJSON(s.user(p.owner))
	mergeable := true
	out := pullJSON{
		pullSimpleJSON: pullSimpleJSON{
			URL:               fmt.Sprintf("%s/pulls/%d", repoAPI, p.Number),
			ID:                p.id,
			NodeID:            nodeID("PR_", p.id),
			HTMLURL:           html,
			DiffURL:           html + ".diff",
			PatchURL:          html + ".patch",
			IssueURL:          fmt.Sprintf("%s/issues/%d", repoAPI, p.Number),
			Number:            p.Number,
			State:             p.State,
			Title:             p.Title,
			User:              s.userJSON(p.author),
			CreatedAt:         stamp(p.created),
			UpdatedAt:         stamp(p.updated),
			Draft:             p.Draft,
			CommitsURL:        fmt.Sprintf("%s/pulls/%d/commits", repoAPI, p.Number),
			ReviewCommentsURL: fmt.Sprintf("%s/pulls/%d/comments", repoAPI, p.Number),
			CommentsURL:       fmt.Sprintf("%s/issues/%d/comments", repoAPI, p.Number),
			StatusesURL:       fmt.Sprintf("%s/statuses/%s", repoAPI, p.HeadSHA),
			Head: branchJSON{Label: p.owner + ":" + p.HeadRef, Ref: p.HeadRef, SHA: p.HeadSHA,
				User: owner, Repo: rj},
			Base: branchJSON{Label: p.owner + ":" + p.BaseRef, Ref: p.BaseRef, SHA: p.BaseSHA,
				User: owner, Repo: rj},
			AuthorAssociation: association(p.owner, p.author),
		},
		Merged:         p.Merged,
		Mergeable:      &mergeable,
		MergeableState: "clean",
		Comments:       len(s.comments.byIssue[issueKey(p.owner, p.repo, p.Number)]),
		Commits:        1,
	}
	if p.Body != "" {
		out.Body = &p.Body
	}
	if p.MergeCommitSHA != "" {
		out.MergeCommitSHA = &p.MergeCommitSHA
	}
	if p.State == "closed" {
		t := stamp(p.updated)
		out.ClosedAt = &t
	}
	if p.Merged {
		t := stamp(p.updated)
		out.MergedAt = &t
		out.Mergeable = nil
		out.MergeableState = "unknown"
		by := s.userJSON(p.author)
		out.MergedBy = &by
	}
	return out
}

func (s *Server) pullRoutes() {
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/pulls/{number}", s.getPull)
}

// getPull serves GET /repos/{owner}/{repo}/pulls/{number}.
func (s *Server) getPull(w http.ResponseWriter, r *http.Request, c *call) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return
	}
	p := s.pulls[pullKey(c.params["owner"], c.params["repo"], int(n))]
	if p == nil || !strings.EqualFold(p.owner, c.params["owner"]) {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/pulls/pulls#get-a-pull-request")
		return
	}
	writeJSON(w, http.StatusOK, s.pullJSON(p))
}
