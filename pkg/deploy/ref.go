package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/git"
)

// RefRequest is the ref a manual deploy (workflow_dispatch) asks for.
type RefRequest struct {
	// Checkout is the git work tree of the repository, cloned from origin
	// (shallow or not).
	Checkout string
	// Ref is the ref input: a branch, a tag (v1.2.0 or refs/tags/v1.2.0) or
	// a commit SHA. It is untrusted text.
	Ref string
	// DefaultBranch is the repository's default branch (from the event).
	DefaultBranch string
	// AllowUnmerged deploys a commit that is not on the default branch, with
	// a warning, instead of refusing it.
	AllowUnmerged bool
	Logf          func(format string, args ...any)
}

// Ref is a ref resolved for a manual deploy.
type Ref struct {
	SHA string
	// Tag is the tag name when the ref is a tag.
	Tag string
	// Unmerged is set when the commit is not reachable from the default
	// branch and AllowUnmerged let it through.
	Unmerged bool
}

// RefError is a ref that may not be deployed: not a ref name, unknown, or
// not merged. Reason and Want read as "<ref> <Reason>; use <Want>".
type RefError struct {
	Ref, Reason, Want string
}

func (e *RefError) Error() string {
	return fmt.Sprintf("ref %q %s; use %s", e.Ref, e.Reason, e.Want)
}

const refWant = "a branch, a tag (v1.2.0 or refs/tags/v1.2.0) or a commit SHA of this repository"

// ResolveRef resolves the ref of a manual deploy to a commit, fetching from
// origin what the checkout lacks, and checks that it may be deployed: a tag,
// or a commit reachable from the default branch (git merge-base
// --is-ancestor against origin's default branch, after unshallowing a
// shallow checkout). Anything else, such as an unmerged branch or a commit
// only on a pull request, is a *RefError unless req.AllowUnmerged.
//
// The ref never reaches git as an option: names starting with "-" or
// that are not valid ref names are refused first, and every git command
// ends its options with --end-of-options.
func ResolveRef(ctx context.Context, req RefRequest) (Ref, error) {
	ref := req.Ref
	if err := checkRefName(ctx, req.Checkout, ref); err != nil {
		return Ref{}, &RefError{Ref: ref, Reason: "is not a branch, tag or commit name (" + err.Error() + ")", Want: refWant}
	}
	if req.DefaultBranch == "" || checkRefName(ctx, req.Checkout, req.DefaultBranch) != nil {
		return Ref{}, fmt.Errorf("cannot check ref %q: the event names no valid default branch (%q)", ref, req.DefaultBranch)
	}
	g := gitIn{ctx: ctx, dir: req.Checkout}
	if tag, ok := g.tag(ref); ok {
		sha, _ := g.commit("refs/tags/" + tag)
		return Ref{SHA: sha, Tag: tag}, nil
	}
	// The default branch first: it makes a shallow checkout complete, so an
	// old commit named by a short SHA resolves too.
	base, err := g.defaultBranch(req.DefaultBranch, req.Logf)
	if err != nil {
		return Ref{}, err
	}
	sha, err := g.commit(ref)
	if err != nil {
		if g.run("fetch", "--quiet", "--no-tags", "origin", "--end-of-options", ref) != nil {
			return Ref{}, &RefError{Ref: ref, Reason: "is not in the repository", Want: refWant}
		}
		if sha, err = g.commit("FETCH_HEAD"); err != nil {
			return Ref{}, &RefError{Ref: ref, Reason: "is not a commit", Want: refWant}
		}
	}
	merged, err := g.isAncestor(sha, base)
	if err != nil {
		return Ref{}, err
	}
	if merged {
		return Ref{SHA: sha}, nil
	}
	if !req.AllowUnmerged {
		return Ref{}, &RefError{Ref: ref, Reason: fmt.Sprintf("is not merged: commit %.12s is not reachable from %s, so no pull request review covers it", sha, req.DefaultBranch),
			Want: fmt.Sprintf("a commit of %s or a tag: merge it through a pull request first, or set `allow-unmerged-ref: true` to deploy an unmerged commit anyway", req.DefaultBranch)}
	}
	return Ref{SHA: sha, Unmerged: true}, nil
}

// checkRefName refuses what git could take for an option, and what is not
// a valid ref name (git check-ref-format, which a full SHA passes too).
func checkRefName(ctx context.Context, dir, ref string) error {
	switch {
	case ref == "":
		return errors.New("empty")
	case strings.HasPrefix(ref, "-"):
		return errors.New("it starts with -")
	case strings.ContainsAny(ref, " \t\r\n\x00"):
		return errors.New("it contains white space")
	}
	if git.Run(ctx, dir, "check-ref-format", "--allow-onelevel", ref) != nil {
		return errors.New("git check-ref-format refuses it")
	}
	return nil
}

// gitIn runs git in one work tree.
type gitIn struct {
	ctx context.Context
	dir string
}

func (g gitIn) output(args ...string) (string, error) {
	return git.Line(g.ctx, g.dir, args...)
}

func (g gitIn) run(args ...string) error {
	_, err := g.output(args...)
	return err
}

// commit resolves rev to a commit SHA in the checkout.
func (g gitIn) commit(rev string) (string, error) {
	return g.output("rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
}

// tag returns the tag name when ref names a tag, locally or on origin
// (fetched then).
func (g gitIn) tag(ref string) (string, bool) {
	name, explicit := strings.CutPrefix(ref, "refs/tags/")
	if !explicit && strings.HasPrefix(ref, "refs/") {
		return "", false
	}
	full := "refs/tags/" + name
	if _, err := g.commit(full); err == nil {
		return name, true
	}
	if g.run("fetch", "--quiet", "--no-tags", "origin", "--end-of-options", "+"+full+":"+full) != nil {
		return "", false
	}
	_, err := g.commit(full)
	return name, err == nil
}

// defaultBranch fetches the default branch from origin, first making a
// shallow checkout complete so that ancestry can be checked, and returns its
// commit. When origin cannot be fetched it falls back to the checkout's copy
// of origin's branch; a checkout without an origin remote is the repository
// itself, and its own branch is the default branch.
func (g gitIn) defaultBranch(branch string, logf func(string, ...any)) (string, error) {
	if g.run("remote", "get-url", "--end-of-options", "origin") != nil {
		sha, err := g.commit("refs/heads/" + branch)
		if err != nil {
			return "", fmt.Errorf("cannot check the ref against the default branch %s: the checkout has no origin remote and no branch %s", branch, branch)
		}
		return sha, nil
	}
	args := []string{"fetch", "--quiet", "--no-tags"}
	if shallow, _ := g.output("rev-parse", "--is-shallow-repository"); shallow == "true" {
		args = append(args, "--unshallow")
	}
	args = append(args, "origin", "--end-of-options", "refs/heads/"+branch)
	ferr := g.run(args...)
	if ferr == nil {
		if sha, err := g.commit("FETCH_HEAD"); err == nil {
			return sha, nil
		}
	}
	for _, local := range []string{"refs/remotes/origin/" + branch, "refs/heads/" + branch} {
		if sha, err := g.commit(local); err == nil {
			if logf != nil {
				logf("Could not fetch %s from origin (%v); checking against the checkout's %s (%.12s).", branch, ferr, strings.TrimPrefix(local, "refs/"), sha)
			}
			return sha, nil
		}
	}
	return "", fmt.Errorf("cannot check the ref against the default branch %s: it could not be fetched from origin (%v) and the checkout has no copy of it", branch, ferr)
}

// isAncestor reports whether commit is reachable from tip.
func (g gitIn) isAncestor(commit, tip string) (bool, error) {
	return git.IsAncestor(g.ctx, g.dir, commit, tip)
}
