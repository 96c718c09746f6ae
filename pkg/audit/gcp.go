package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// gcpEntry is one Cloud Audit Logs entry as Cloud Logging exports it (a
// LogEntry whose protoPayload is an AuditLog): `gcloud logging read
// --format=json`, a sink to Cloud Storage (JSON Lines), or the API.
type gcpEntry struct {
	InsertID  string `json:"insertId"`
	LogName   string `json:"logName"`
	Timestamp string `json:"timestamp"`
	Operation *struct {
		First bool `json:"first"`
		Last  bool `json:"last"`
	} `json:"operation"`
	ProtoPayload *struct {
		ServiceName  string `json:"serviceName"`
		MethodName   string `json:"methodName"`
		ResourceName string `json:"resourceName"`
		Status       *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"status"`
		AuthenticationInfo struct {
			PrincipalEmail   string `json:"principalEmail"`
			PrincipalSubject string `json:"principalSubject"`
		} `json:"authenticationInfo"`
		AuthorizationInfo []struct {
			Resource string `json:"resource"`
		} `json:"authorizationInfo"`
		RequestMetadata struct {
			CallerIP        string `json:"callerIp"`
			CallerUserAgent string `json:"callerSuppliedUserAgent"`
		} `json:"requestMetadata"`
		Request  json.RawMessage `json:"request"`
		Response json.RawMessage `json:"response"`
	} `json:"protoPayload"`
}

// gcpCodes are google.rpc.Code names.
var gcpCodes = []string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
	"ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
	"OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}

// gcpEvent reads one entry. skip is true for the closing entry of a
// long-running operation (operation.last without first): its opening entry
// is the change.
func gcpEvent(doc json.RawMessage) (ev Event, skip bool, err error) {
	var e gcpEntry
	if err := json.Unmarshal(doc, &e); err != nil {
		return Event{}, false, fmt.Errorf("not a Cloud Audit Logs entry (%v)", err)
	}
	p := e.ProtoPayload
	if p == nil || p.MethodName == "" {
		return Event{}, false, errors.New("a LogEntry without protoPayload.methodName: give Cloud Audit Logs entries (Admin Activity)")
	}
	if e.Operation != nil && e.Operation.Last && !e.Operation.First {
		return Event{}, true, nil
	}
	ev = Event{Cloud: CloudGCP, ID: e.InsertID, Name: p.MethodName, Source: p.ServiceName,
		Principal: firstNonEmpty(p.AuthenticationInfo.PrincipalEmail, p.AuthenticationInfo.PrincipalSubject),
		SourceIP:  p.RequestMetadata.CallerIP, UserAgent: p.RequestMetadata.CallerUserAgent, Category: "Management"}
	if e.Timestamp != "" {
		t, err := time.Parse(time.RFC3339, e.Timestamp)
		if err != nil {
			return Event{}, false, fmt.Errorf("timestamp %q is not an RFC 3339 time", e.Timestamp)
		}
		ev.Time = t.UTC()
	}
	// logName ends in cloudaudit.googleapis.com%2F<kind> (or /<kind>).
	switch kind := strings.ToLower(e.LogName); {
	case strings.HasSuffix(kind, "data_access"):
		ev.Category = "Data"
	case strings.HasSuffix(kind, "system_event"):
		ev.Category = "SystemEvent"
	}
	if s := p.Status; s != nil && s.Code != 0 {
		ev.ErrorCode = fmt.Sprint(s.Code)
		if s.Code > 0 && s.Code < len(gcpCodes) {
			ev.ErrorCode = gcpCodes[s.Code]
		}
		ev.ErrorMessage = s.Message
	}
	if p.ResourceName != "" {
		ev.ResourceNames = append(ev.ResourceNames, p.ResourceName)
	}
	for _, a := range p.AuthorizationInfo {
		if a.Resource != "" && !contains(ev.ResourceNames, a.Resource) {
			ev.ResourceNames = append(ev.ResourceNames, a.Resource)
		}
	}
	ev.refs = append(logRefs(ev.ResourceNames), requestRefs("", p.Request, p.Response)...)
	return ev, false, nil
}
