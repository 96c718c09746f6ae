package ghtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
)

// maxPullFiles is how many files GitHub lists for one pull request at most.
const maxPullFiles = 3000

// PullFile is one file a pull request changes. Status is GitHub's: "added",
// "removed", "modified" (the default), "renamed", "copied", "changed" or
// "unchanged"; PreviousFilename is set for "renamed" and "copied".
type PullFile struct {
	Filename         string
	Status           string
	PreviousFilename string
	Additions        int
	Deletions        int
}

// SetPullFiles sets the files pull request number of owner/repo changes, in
// the order GitHub lists them. The pull request must have been added with
// AddPull. Like GitHub, the server lists at most 3,000 of them.
func (s *Server) SetPullFiles(owner, repo string, number int, files []PullFile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pullFiles == nil {
		s.pullFiles = map[string][]PullFile{}
	}
	s.pullFiles[pullKey(owner, repo, number)] = append([]PullFile(nil), files...)
}

// pullFileJSON is GitHub's diff entry, as pulls/{n}/files returns it.
type pullFileJSON struct {
	SHA              string  `json:"sha"`
	Filename         string  `json:"filename"`
	Status           string  `json:"status"`
	Additions        int     `json:"additions"`
	Deletions        int     `json:"deletions"`
	Changes          int     `json:"changes"`
	BlobURL          string  `json:"blob_url"`
	RawURL           string  `json:"raw_url"`
	ContentsURL      string  `json:"contents_url"`
	Patch            string  `json:"patch,omitempty"`
	PreviousFilename *string `json:"previous_filename,omitempty"`
}

func (s *Server) pullFileRoutes() {
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/pulls/{number}/files", s.listPullFiles)
}

// listPullFiles serves GET /repos/{owner}/{repo}/pulls/{number}/files.
func (s *Server) listPullFiles(w http.ResponseWriter, r *http.Request, c *call) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return
	}
	owner, repo := c.params["owner"], c.params["repo"]
	p := s.pulls[pullKey(owner, repo, int(n))]
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/pulls/pulls#list-pull-requests-files")
		return
	}
	files := s.pullFiles[pullKey(owner, repo, int(n))]
	if len(files) > maxPullFiles {
		files = files[:maxPullFiles]
	}
	from, to := s.page(w, r, len(files))
	out := make([]pullFileJSON, 0, to-from)
	for _, f := range files[from:to] {
		out = append(out, s.pullFileJSON(p, f))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) pullFileJSON(p *pull, f PullFile) pullFileJSON {
	status := f.Status
	if status == "" {
		status = "modified"
	}
	sum := sha1.Sum([]byte(p.HeadSHA + "\x00" + f.Filename))
	path := f.Filename
	out := pullFileJSON{
		SHA:         hex.EncodeToString(sum[:]),
		Filename:    f.Filename,
		Status:      status,
		Additions:   f.Additions,
		Deletions:   f.Deletions,
		Changes:     f.Additions + f.Deletions,
		BlobURL:     fmt.Sprintf("%s/%s/%s/blob/%s/%s", s.Origin, p.owner, p.repo, p.HeadSHA, path),
		RawURL:      fmt.Sprintf("%s/%s/%s/raw/%s/%s", s.Origin, p.owner, p.repo, p.HeadSHA, path),
		ContentsURL: fmt.Sprintf("%srepos/%s/%s/contents/%s?ref=%s", s.URL, p.owner, p.repo, path, p.HeadSHA),
	}
	if f.Additions+f.Deletions > 0 {
		out.Patch = fmt.Sprintf("@@ -1,%d +1,%d @@", f.Deletions, f.Additions)
	}
	if f.PreviousFilename != "" {
		prev := f.PreviousFilename
		out.PreviousFilename = &prev
	}
	return out
}
