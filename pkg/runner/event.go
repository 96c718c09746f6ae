package runner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Event is what an action needs to know about the run and the event that
// triggered it, from GITHUB_* variables and the payload at GITHUB_EVENT_PATH.
type Event struct {
	Name        string // GITHUB_EVENT_NAME, e.g. "pull_request"
	Owner, Repo string // from GITHUB_REPOSITORY (else the payload's repository)
	SHA, Ref    string // GITHUB_SHA, GITHUB_REF (for a pull_request, the merge commit and refs/pull/N/merge)

	// PRNumber is the pull request of pull_request, pull_request_target and
	// pull_request_review events, of issue_comment events on a pull request
	// and of merge_group events (the PR its queue branch names); 0 otherwise.
	PRNumber int
	// HeadSHA is the commit under review: the PR head for pull request events
	// (the payload's pull_request.head.sha), `after` for push, GITHUB_SHA for
	// other events. Empty for issue_comment: its payload does not carry the
	// head; ask the API for PR PRNumber.
	HeadSHA string
	// HeadRef and BaseRef are the PR's branch names (pull_request.head.ref,
	// pull_request.base.ref); empty for other events.
	HeadRef, BaseRef string
	// BaseSHA is the commit the change starts from: pull_request.base.sha,
	// merge_group.base_sha, or a push's `before`; empty when the payload has
	// none.
	BaseSHA string
	// Fork is true for a PR whose head repository differs from the base
	// repository, or is gone (head.repo null: the fork was deleted).
	Fork bool
	// DefaultBranch is repository.default_branch; empty when the payload has
	// no repository (schedule).
	DefaultBranch string
	// RunURL links to this run: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID,
	// plus /attempts/N for a re-run. Empty outside a runner.
	RunURL string
	// Workspace is GITHUB_WORKSPACE, where the repository is checked out.
	Workspace string
}

// payload is the part of GitHub's webhook payloads Event reads.
type payload struct {
	After       string `json:"after"`
	Before      string `json:"before"`
	PullRequest *struct {
		Number int        `json:"number"`
		Head   payloadRef `json:"head"`
		Base   payloadRef `json:"base"`
	} `json:"pull_request"`
	Issue *struct {
		Number      int             `json:"number"`
		PullRequest json.RawMessage `json:"pull_request"`
	} `json:"issue"`
	Repository *payloadRepo       `json:"repository"`
	MergeGroup *payloadMergeGroup `json:"merge_group"` // merge_group events: mergegroup.go
}

type payloadRef struct {
	Ref  string       `json:"ref"`
	SHA  string       `json:"sha"`
	Repo *payloadRepo `json:"repo"`
}

type payloadRepo struct {
	ID            int64  `json:"id"`
	FullName      string `json:"full_name"`
	DefaultBranch string `json:"default_branch"`
}

// Event reads the run's event. A missing or unreadable payload file is fine
// outside a runner (GITHUB_ACTIONS != "true"): the payload fields stay
// empty. On a runner it is an error, as is a payload that is not JSON; both
// errors name the file.
func (r *Runtime) Event() (*Event, error) {
	e := &Event{
		Name:      r.getenv("GITHUB_EVENT_NAME"),
		SHA:       r.getenv("GITHUB_SHA"),
		Ref:       r.getenv("GITHUB_REF"),
		Workspace: r.getenv("GITHUB_WORKSPACE"),
	}
	repository := r.getenv("GITHUB_REPOSITORY")

	var p payload
	if path := r.getenv("GITHUB_EVENT_PATH"); path != "" {
		data, err := os.ReadFile(path)
		switch {
		case err != nil && r.getenv("GITHUB_ACTIONS") == "true":
			return nil, fmt.Errorf("reading the event payload: %w", err)
		case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("reading the event payload: %w", err)
		case err == nil:
			if err := json.Unmarshal(data, &p); err != nil {
				return nil, fmt.Errorf("event payload %s is not valid JSON: %w", path, err)
			}
		}
	}

	if p.Repository != nil {
		e.DefaultBranch = p.Repository.DefaultBranch
		if repository == "" {
			repository = p.Repository.FullName
		}
	}
	e.Owner, e.Repo, _ = strings.Cut(repository, "/")

	switch {
	case p.PullRequest != nil:
		pr := p.PullRequest
		e.PRNumber = pr.Number
		e.HeadSHA, e.HeadRef, e.BaseRef = pr.Head.SHA, pr.Head.Ref, pr.Base.Ref
		e.Fork = fork(pr.Head.Repo, pr.Base.Repo)
	case p.Issue != nil && len(p.Issue.PullRequest) > 0 && string(p.Issue.PullRequest) != "null":
		e.PRNumber = p.Issue.Number
	case p.MergeGroup != nil:
		e.fromMergeGroup(p.MergeGroup)
	case e.Name == "push" && p.After != "" && strings.Trim(p.After, "0") != "":
		e.HeadSHA = p.After
	default:
		e.HeadSHA = e.SHA
	}

	switch {
	case p.PullRequest != nil:
		e.BaseSHA = p.PullRequest.Base.SHA
	case p.MergeGroup != nil:
		e.BaseSHA = p.MergeGroup.BaseSHA
	default:
		e.BaseSHA = p.Before
	}

	e.RunURL = r.runURL(repository)
	return e, nil
}

// fork reports whether a PR's head repository is not its base repository.
func fork(head, base *payloadRepo) bool {
	if head == nil {
		return true // the fork was deleted
	}
	if base == nil {
		return false
	}
	if head.ID != 0 && base.ID != 0 {
		return head.ID != base.ID
	}
	return !strings.EqualFold(head.FullName, base.FullName)
}

// runURL links to this run and attempt; empty without GITHUB_RUN_ID.
func (r *Runtime) runURL(repository string) string {
	id := r.getenv("GITHUB_RUN_ID")
	if id == "" || repository == "" {
		return ""
	}
	server := strings.TrimSuffix(r.getenv("GITHUB_SERVER_URL"), "/")
	if server == "" {
		server = "https://github.com"
	}
	u := server + "/" + repository + "/actions/runs/" + id
	if n, err := strconv.Atoi(r.getenv("GITHUB_RUN_ATTEMPT")); err == nil && n > 1 {
		u += "/attempts/" + strconv.Itoa(n)
	}
	return u
}
