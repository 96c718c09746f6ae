package ghtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

const deploymentsDoc = "https://docs.github.com/rest/deployments/deployments"

// Deployment is a snapshot of a deployment the server holds, with its
// statuses oldest first.
type Deployment struct {
	ID          int64
	SHA, Ref    string
	Environment string
	Payload     map[string]any
	Creator     string
	Statuses    []DeploymentStatus
}

// DeploymentStatus is one status of a Deployment.
type DeploymentStatus struct {
	State, Description, LogURL, EnvironmentURL, Creator string
}

// State is the deployment's latest status, "" when it has none.
func (d Deployment) State() string {
	if len(d.Statuses) == 0 {
		return ""
	}
	return d.Statuses[len(d.Statuses)-1].State
}

type deployment struct {
	Deployment
	owner, repo      string
	task             string
	description      string
	transient, prod  bool
	created, updated time.Time
	statuses         []*deploymentStatus
}

type deploymentStatus struct {
	DeploymentStatus
	id      int64
	creator *user
	created time.Time
}

// Deployments returns the deployments of owner/repo, oldest first.
func (s *Server) Deployments(owner, repo string) []Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Deployment
	for _, d := range s.deployments {
		if strings.EqualFold(d.owner, owner) && strings.EqualFold(d.repo, repo) {
			snap := d.Deployment
			snap.Statuses = nil
			for _, st := range d.statuses {
				snap.Statuses = append(snap.Statuses, st.DeploymentStatus)
			}
			out = append(out, snap)
		}
	}
	return out
}

func (s *Server) deploymentRoutes() {
	s.router.handle(http.MethodPost, "/repos/{owner}/{repo}/deployments", s.createDeployment)
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/deployments", s.listDeployments)
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/deployments/{id}", s.getDeployment)
	s.router.handle(http.MethodPost, "/repos/{owner}/{repo}/deployments/{id}/statuses", s.createDeploymentStatus)
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/deployments/{id}/statuses", s.listDeploymentStatuses)
}

type deploymentJSON struct {
	URL                   string   `json:"url"`
	ID                    int64    `json:"id"`
	NodeID                string   `json:"node_id"`
	SHA                   string   `json:"sha"`
	Ref                   string   `json:"ref"`
	Task                  string   `json:"task"`
	Payload               any      `json:"payload"`
	OriginalEnvironment   string   `json:"original_environment"`
	Environment           string   `json:"environment"`
	Description           *string  `json:"description"`
	Creator               userJSON `json:"creator"`
	CreatedAt             string   `json:"created_at"`
	UpdatedAt             string   `json:"updated_at"`
	StatusesURL           string   `json:"statuses_url"`
	RepositoryURL         string   `json:"repository_url"`
	TransientEnvironment  bool     `json:"transient_environment"`
	ProductionEnvironment bool     `json:"production_environment"`
}

type deploymentStatusJSON struct {
	URL            string   `json:"url"`
	ID             int64    `json:"id"`
	NodeID         string   `json:"node_id"`
	State          string   `json:"state"`
	Creator        userJSON `json:"creator"`
	Description    string   `json:"description"`
	Environment    string   `json:"environment"`
	TargetURL      string   `json:"target_url"`
	LogURL         string   `json:"log_url"`
	EnvironmentURL string   `json:"environment_url"`
	CreatedAt      string   `json:"created_at"`
	UpdatedAt      string   `json:"updated_at"`
	DeploymentURL  string   `json:"deployment_url"`
	RepositoryURL  string   `json:"repository_url"`
}

func (s *Server) deploymentJSON(d *deployment) deploymentJSON {
	repoAPI := s.URL + "repos/" + d.owner + "/" + d.repo
	var payload any = d.Payload
	if d.Payload == nil {
		payload = map[string]any{}
	}
	out := deploymentJSON{
		URL: fmt.Sprintf("%s/deployments/%d", repoAPI, d.ID), ID: d.ID, NodeID: nodeID("DE_", d.ID),
		SHA: d.SHA, Ref: d.Ref, Task: d.task, Payload: payload,
		OriginalEnvironment: d.Environment, Environment: d.Environment,
		Creator:   s.userJSON(s.user(d.Creator)),
		CreatedAt: stamp(d.created), UpdatedAt: stamp(d.updated),
		StatusesURL:   fmt.Sprintf("%s/deployments/%d/statuses", repoAPI, d.ID),
		RepositoryURL: repoAPI, TransientEnvironment: d.transient, ProductionEnvironment: d.prod,
	}
	if d.description != "" {
		out.Description = &d.description
	}
	return out
}

func (s *Server) statusJSON(d *deployment, st *deploymentStatus) deploymentStatusJSON {
	repoAPI := s.URL + "repos/" + d.owner + "/" + d.repo
	return deploymentStatusJSON{
		URL: fmt.Sprintf("%s/deployments/%d/statuses/%d", repoAPI, d.ID, st.id), ID: st.id,
		NodeID: nodeID("DES_", st.id), State: st.State, Creator: s.userJSON(st.creator),
		Description: st.Description, Environment: d.Environment, TargetURL: st.LogURL, LogURL: st.LogURL,
		EnvironmentURL: st.EnvironmentURL, CreatedAt: stamp(st.created), UpdatedAt: stamp(st.created),
		DeploymentURL: fmt.Sprintf("%s/deployments/%d", repoAPI, d.ID), RepositoryURL: repoAPI,
	}
}

func (s *Server) findDeployment(w http.ResponseWriter, c *call) *deployment {
	id, ok := pathInt(w, c, "id")
	if !ok {
		return nil
	}
	for _, d := range s.deployments {
		if d.ID == id && strings.EqualFold(d.owner, c.params["owner"]) && strings.EqualFold(d.repo, c.params["repo"]) {
			return d
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", deploymentsDoc+"#get-a-deployment")
	return nil
}

// createDeployment serves POST /repos/{owner}/{repo}/deployments. Like GitHub,
// it answers 409 when required status checks are not passing: repave sends
// required_contexts [] so a deployment never waits on unrelated checks.
func (s *Server) createDeployment(w http.ResponseWriter, r *http.Request, c *call) {
	var in struct {
		Ref                   string    `json:"ref"`
		Task                  string    `json:"task"`
		AutoMerge             *bool     `json:"auto_merge"`
		RequiredContexts      *[]string `json:"required_contexts"`
		Payload               any       `json:"payload"`
		Environment           string    `json:"environment"`
		Description           string    `json:"description"`
		TransientEnvironment  bool      `json:"transient_environment"`
		ProductionEnvironment *bool     `json:"production_environment"`
	}
	doc := deploymentsDoc + "#create-a-deployment"
	if !decodeBody(w, r, &in, doc) {
		return
	}
	if in.Ref == "" {
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"ref\" wasn't supplied.", doc)
		return
	}
	if in.RequiredContexts == nil {
		writeError(w, http.StatusConflict, "Conflict: Commit status checks failed for "+in.Ref+".", doc)
		return
	}
	if in.Environment == "" {
		in.Environment = "production"
	}
	if in.Task == "" {
		in.Task = "deploy"
	}
	payload, _ := in.Payload.(map[string]any)
	if s, ok := in.Payload.(string); ok && s != "" {
		_ = json.Unmarshal([]byte(s), &payload)
	}
	prod := in.Environment == "production"
	if in.ProductionEnvironment != nil {
		prod = *in.ProductionEnvironment
	}
	now := s.now()
	d := &deployment{
		Deployment: Deployment{ID: s.newID(), SHA: in.Ref, Ref: in.Ref, Environment: in.Environment, Payload: payload, Creator: c.login},
		owner:      c.params["owner"], repo: c.params["repo"], task: in.Task, description: in.Description,
		transient: in.TransientEnvironment, prod: prod, created: now, updated: now,
	}
	s.repoID(d.owner, d.repo)
	s.deployments = append(s.deployments, d)
	writeJSON(w, http.StatusCreated, s.deploymentJSON(d))
}

// listDeployments serves GET /repos/{owner}/{repo}/deployments, newest first,
// filtered by sha, ref, task and environment as GitHub does.
func (s *Server) listDeployments(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	var found []*deployment
	for i := len(s.deployments) - 1; i >= 0; i-- {
		d := s.deployments[i]
		if !strings.EqualFold(d.owner, c.params["owner"]) || !strings.EqualFold(d.repo, c.params["repo"]) {
			continue
		}
		if (q.Get("sha") != "" && q.Get("sha") != d.SHA) || (q.Get("ref") != "" && q.Get("ref") != d.Ref) ||
			(q.Get("task") != "" && q.Get("task") != d.task) || (q.Get("environment") != "" && q.Get("environment") != d.Environment) {
			continue
		}
		found = append(found, d)
	}
	from, to := s.page(w, r, len(found))
	out := make([]deploymentJSON, 0, to-from)
	for _, d := range found[from:to] {
		out = append(out, s.deploymentJSON(d))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getDeployment(w http.ResponseWriter, r *http.Request, c *call) {
	if d := s.findDeployment(w, c); d != nil {
		writeJSON(w, http.StatusOK, s.deploymentJSON(d))
	}
}

var deploymentStates = map[string]bool{"error": true, "failure": true, "inactive": true, "in_progress": true, "queued": true, "pending": true, "success": true}

// createDeploymentStatus serves POST .../deployments/{id}/statuses. A success
// with auto_inactive (the default) marks earlier non-transient, non-production
// deployments of the same environment inactive, as GitHub does.
func (s *Server) createDeploymentStatus(w http.ResponseWriter, r *http.Request, c *call) {
	d := s.findDeployment(w, c)
	if d == nil {
		return
	}
	var in struct {
		State          string `json:"state"`
		LogURL         string `json:"log_url"`
		TargetURL      string `json:"target_url"`
		Description    string `json:"description"`
		EnvironmentURL string `json:"environment_url"`
		AutoInactive   *bool  `json:"auto_inactive"`
	}
	doc := "https://docs.github.com/rest/deployments/statuses#create-a-deployment-status"
	if !decodeBody(w, r, &in, doc) {
		return
	}
	if !deploymentStates[in.State] {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", doc,
			fieldError{Resource: "DeploymentStatus", Code: "custom", Field: "state", Message: "state is not included in the list"})
		return
	}
	if utf8.RuneCountInString(in.Description) > 140 {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", doc,
			fieldError{Resource: "DeploymentStatus", Code: "custom", Field: "description", Message: "description is too long (maximum is 140 characters)"})
		return
	}
	if in.LogURL == "" {
		in.LogURL = in.TargetURL
	}
	if f := s.takeStatusFault(in.State); f != nil {
		f.write(w)
		return
	}
	st := s.addStatus(d, in.State, in.Description, in.LogURL, in.EnvironmentURL, s.user(c.login))
	if in.State == "success" && (in.AutoInactive == nil || *in.AutoInactive) {
		for _, other := range s.deployments {
			if other != d && other.Environment == d.Environment && other.owner == d.owner && other.repo == d.repo &&
				!other.transient && !other.prod && other.State() != "inactive" {
				s.addStatus(other, "inactive", "", "", "", s.user(c.login))
			}
		}
	}
	writeJSON(w, http.StatusCreated, s.statusJSON(d, st))
}

func (s *Server) addStatus(d *deployment, state, desc, logURL, envURL string, by *user) *deploymentStatus {
	st := &deploymentStatus{
		DeploymentStatus: DeploymentStatus{State: state, Description: desc, LogURL: logURL, EnvironmentURL: envURL, Creator: by.login},
		id:               s.newID(), creator: by, created: s.now(),
	}
	d.statuses = append(d.statuses, st)
	d.Deployment.Statuses = append(d.Deployment.Statuses, st.DeploymentStatus)
	d.updated = st.created
	return st
}

// listDeploymentStatuses serves GET .../deployments/{id}/statuses, newest first.
func (s *Server) listDeploymentStatuses(w http.ResponseWriter, r *http.Request, c *call) {
	d := s.findDeployment(w, c)
	if d == nil {
		return
	}
	from, to := s.page(w, r, len(d.statuses))
	out := make([]deploymentStatusJSON, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, s.statusJSON(d, d.statuses[len(d.statuses)-1-i]))
	}
	writeJSON(w, http.StatusOK, out)
}

// FailDeploymentStatus makes the next n requests that add a status of state
// (any state when "") to a deployment answer f instead, and record nothing:
// an outage that hits, say, the "success" written after an apply, while the
// "in_progress" before it went through.
func (s *Server) FailDeploymentStatus(state string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.depFaults = append(s.depFaults, &fault{suffix: state, left: n, f: f})
}

// takeStatusFault consumes one fault of FailDeploymentStatus matching state.
// s.mu must be held.
func (s *Server) takeStatusFault(state string) *Fault {
	for i, ft := range s.depFaults {
		if ft.suffix != "" && ft.suffix != state {
			continue
		}
		ft.left--
		if ft.left <= 0 {
			s.depFaults = append(s.depFaults[:i:i], s.depFaults[i+1:]...)
		}
		f := ft.f
		return &f
	}
	return nil
}
