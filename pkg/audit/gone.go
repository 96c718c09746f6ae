package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/markdown"
)

// IssueLister is the part of *gh.Client that CloseGoneRoots uses.
type IssueLister interface {
	Issues
	ListIssues(ctx context.Context, owner, repo, label string, match func(body string) bool) ([]*github.Issue, error)
}

// GoneIssue is an issue CloseGoneRoots closed.
type GoneIssue struct {
	Root, Workspace string
	Number          int
	URL             string
}

// CloseGoneRoots closes the open audit issues of roots that no longer exist
// in the repository (no directory with Terraform files at repo/<root>),
// with a note saying so. The issues of roots this run did not audit but
// that still exist are left as they are: auditing a subset of roots never
// closes the others' issues. Roots in rep are SyncIssue's.
func CloseGoneRoots(ctx context.Context, c IssueLister, t IssueTarget, rep *Report, repo string) ([]GoneIssue, error) {
	audited := map[string]bool{}
	for _, r := range rep.Roots {
		audited[r.Root+"\x00"+r.Workspace] = true
	}
	list, err := c.ListIssues(ctx, t.Owner, t.Repo, t.Label, func(body string) bool {
		_, _, ok := parseMarker(body)
		return ok
	})
	if err != nil {
		return nil, err
	}
	var out []GoneIssue
	for _, is := range list {
		root, ws, _ := parseMarker(is.GetBody())
		if root == RepositoryRoot || audited[root+"\x00"+ws] || RootExists(repo, root) {
			continue
		}
		dir := markdown.CodeSpan(root)
		note := fmt.Sprintf("Root %s no longer exists in the repository: there is no Terraform configuration at %s any more. Closing.", dir, dir)
		if t.RunURL != "" {
			note = fmt.Sprintf("Root %s no longer exists in the repository (checked by %s): there is no Terraform configuration at %s any more. Closing.", dir, t.RunURL, dir)
		}
		closed, err := c.CloseIssue(ctx, t.Owner, t.Repo, is.GetNumber(), note)
		if err != nil {
			return out, err
		}
		out = append(out, GoneIssue{Root: root, Workspace: ws, Number: closed.GetNumber(), URL: closed.GetHTMLURL()})
	}
	return out, nil
}

// parseMarker reads the root and workspace of an audit issue's marker.
func parseMarker(body string) (root, workspace string, ok bool) {
	first, _, _ := strings.Cut(body, "\n")
	rest, ok := strings.CutPrefix(first, "<!-- repave:audit root=")
	if !ok {
		return "", "", false
	}
	root, rest, ok = strings.Cut(rest, " workspace=")
	if !ok {
		return "", "", false
	}
	workspace, _, ok = strings.Cut(rest, " ")
	root, rerr := markdown.ParseCommentField(root)
	workspace, werr := markdown.ParseCommentField(workspace)
	return root, workspace, ok && rerr == nil && werr == nil && root != "" && workspace != ""
}

// RootExists reports whether root (relative to repo) is a directory that
// holds Terraform files (.tf or .tf.json).
func RootExists(repo, root string) bool {
	if strings.Contains(root, "..") {
		return true // not ours to judge: leave its issue alone
	}
	for _, pat := range []string{"*.tf", "*.tf.json"} {
		if m, _ := filepath.Glob(filepath.Join(repo, filepath.FromSlash(root), pat)); len(m) > 0 {
			return true
		}
	}
	_, err := os.Stat(filepath.Join(repo, filepath.FromSlash(root)))
	return err != nil && !os.IsNotExist(err) // an unreadable directory is not a deleted one
}
