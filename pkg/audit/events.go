package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The clouds whose audit logs audit-check reads.
const (
	CloudAWS   = "aws"
	CloudGCP   = "gcp"
	CloudAzure = "azure"
)

// Event is one audit-log entry (a CloudTrail event, a GCP Cloud Audit Logs
// entry, an Azure Activity Log event), reduced to what audit-check needs.
type Event struct {
	// Cloud is CloudAWS, CloudGCP or CloudAzure ("" is read as AWS).
	Cloud     string    `json:"cloud,omitempty"`
	ID        string    `json:"id"`
	Time      time.Time `json:"time"`
	Name      string    `json:"name"`   // eventName, e.g. "ModifyInstanceAttribute"
	Source    string    `json:"source"` // eventSource, e.g. "ec2.amazonaws.com"
	Region    string    `json:"region,omitempty"`
	ReadOnly  bool      `json:"read_only"`
	Principal string    `json:"principal"` // userIdentity.arn (or the session issuer's, or the user name)
	// Issuer is the role or user behind a session (sessionContext.sessionIssuer.arn).
	Issuer string `json:"issuer,omitempty"`
	// PrincipalID is the caller's Azure object id, when the log gives it
	// besides the UPN.
	PrincipalID  string `json:"principal_id,omitempty"`
	IdentityType string `json:"identity_type,omitempty"`
	UserAgent    string `json:"user_agent,omitempty"`
	SourceIP     string `json:"source_ip,omitempty"`
	FromConsole  bool   `json:"from_console"`
	// ErrorCode is set when the call failed or was denied (CloudTrail
	// errorCode; GCP status code; Azure "Failed"): a failed call changed
	// nothing and is listed apart.
	ErrorCode    string `json:"error_code,omitempty"`
	ErrorMessage string `json:"error_message,omitempty"`
	// Management is CloudTrail's managementEvent (nil when absent); false
	// for data events. Category is eventCategory ("Management", "Data").
	Management *bool  `json:"management,omitempty"`
	Category   string `json:"category,omitempty"`
	// EventType is CloudTrail's eventType (AwsApiCall, AwsConsoleSignIn,
	// AwsServiceEvent, ...).
	EventType     string   `json:"event_type,omitempty"`
	ResourceNames []string `json:"resources,omitempty"`
	// refs are what the event names, in attribution order (see refs.go).
	refs []ref
}

// record is one CloudTrail record as CloudTrail writes it (S3 export, and the
// CloudTrailEvent string of LookupEvents).
type record struct {
	EventID      string `json:"eventID"`
	EventTime    string `json:"eventTime"`
	EventName    string `json:"eventName"`
	EventSource  string `json:"eventSource"`
	AWSRegion    string `json:"awsRegion"`
	SourceIP     string `json:"sourceIPAddress"`
	UserAgent    string `json:"userAgent"`
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
	ReadOnly     any    `json:"readOnly"` // a boolean; tolerate "true"/"false"
	EventType    string `json:"eventType"`
	Category     string `json:"eventCategory"`
	Management   *bool  `json:"managementEvent"`
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		UserName       string `json:"userName"`
		InvokedBy      string `json:"invokedBy"`
		SessionContext *struct {
			SessionIssuer struct {
				ARN string `json:"arn"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	RequestParameters            json.RawMessage `json:"requestParameters"`
	ResponseElements             json.RawMessage `json:"responseElements"`
	SessionCredentialFromConsole string          `json:"sessionCredentialFromConsole"`
	Resources                    []struct {
		ARN  string `json:"ARN"`
		Type string `json:"type"`
	} `json:"resources"`
}

// lookupEvent is one entry of `aws cloudtrail lookup-events` output.
type lookupEvent struct {
	EventID         string `json:"EventId"`
	EventName       string `json:"EventName"`
	ReadOnly        string `json:"ReadOnly"`
	Username        string `json:"Username"`
	CloudTrailEvent string `json:"CloudTrailEvent"`
	Resources       []struct {
		ResourceType string `json:"ResourceType"`
		ResourceName string `json:"ResourceName"`
	} `json:"Resources"`
}

// cloudTrailDocument reads one CloudTrail document: LookupEvents output
// ({"Events": [{"CloudTrailEvent": "<record as a JSON string>", ...}]}) or
// a log file as delivered to S3 ({"Records": [...]}). ok is false when doc
// is neither.
func cloudTrailDocument(doc json.RawMessage) (out []Event, ok bool, err error) {
	var top struct {
		Events  *[]lookupEvent `json:"Events"`
		Records *[]record      `json:"Records"`
	}
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, true, fmt.Errorf("not CloudTrail JSON (%v)", err)
	}
	switch {
	case top.Records != nil:
		out = make([]Event, 0, len(*top.Records))
		for i, r := range *top.Records {
			ev, err := r.event()
			if err != nil {
				return nil, true, fmt.Errorf("record %d: %w", i+1, err)
			}
			out = append(out, ev)
		}
		return out, true, nil
	case top.Events != nil:
		out = make([]Event, 0, len(*top.Events))
		for i, le := range *top.Events {
			ev, err := le.event()
			if err != nil {
				return nil, true, fmt.Errorf("event %d (%s): %w", i+1, le.EventID, err)
			}
			out = append(out, ev)
		}
		return out, true, nil
	}
	return nil, false, nil
}

func (le lookupEvent) event() (Event, error) {
	if strings.TrimSpace(le.CloudTrailEvent) == "" {
		return Event{}, errors.New("no CloudTrailEvent: LookupEvents output must keep the CloudTrailEvent field")
	}
	var r record
	if err := json.Unmarshal([]byte(le.CloudTrailEvent), &r); err != nil {
		return Event{}, fmt.Errorf("CloudTrailEvent is not a CloudTrail record: %v", err)
	}
	ev, err := r.event()
	if err != nil {
		return Event{}, err
	}
	if ev.ID == "" {
		ev.ID = le.EventID
	}
	if ev.Name == "" {
		ev.Name = le.EventName
	}
	if r.ReadOnly == nil && le.ReadOnly != "" {
		ev.ReadOnly = strings.EqualFold(le.ReadOnly, "true")
	}
	if ev.Principal == "" {
		ev.Principal = le.Username
	}
	var names []string
	for _, res := range le.Resources {
		if res.ResourceName != "" && !contains(ev.ResourceNames, res.ResourceName) {
			ev.ResourceNames = append(ev.ResourceNames, res.ResourceName)
			names = append(names, res.ResourceName)
		}
	}
	// The record's own resources come first, then LookupEvents' list.
	i := 0
	for i < len(ev.refs) && ev.refs[i].tier == 1 {
		i++
	}
	ev.refs = append(append(append([]ref(nil), ev.refs[:i]...), logRefs(names)...), ev.refs[i:]...)
	return ev, nil
}

func (r record) event() (Event, error) {
	if r.EventName == "" {
		return Event{}, errors.New("no eventName")
	}
	ev := Event{
		Cloud: CloudAWS, ID: r.EventID, Name: r.EventName, Source: r.EventSource, Region: r.AWSRegion,
		UserAgent: r.UserAgent, SourceIP: r.SourceIP, ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage,
		EventType: r.EventType, Category: r.Category, Management: r.Management,
		IdentityType: r.UserIdentity.Type, Principal: r.UserIdentity.ARN,
		FromConsole: strings.EqualFold(r.SessionCredentialFromConsole, "true"),
	}
	if r.EventTime != "" {
		t, err := time.Parse(time.RFC3339, r.EventTime)
		if err != nil {
			return Event{}, fmt.Errorf("eventTime %q is not an RFC 3339 time", r.EventTime)
		}
		ev.Time = t.UTC()
	}
	switch v := r.ReadOnly.(type) {
	case bool:
		ev.ReadOnly = v
	case string:
		ev.ReadOnly = strings.EqualFold(v, "true")
	}
	if sc := r.UserIdentity.SessionContext; sc != nil {
		ev.Issuer = sc.SessionIssuer.ARN
	}
	if ev.Principal == "" {
		ev.Principal = firstNonEmpty(ev.Issuer, r.UserIdentity.UserName, r.UserIdentity.InvokedBy, r.UserIdentity.Type)
	}
	for _, res := range r.Resources {
		if res.ARN != "" {
			ev.ResourceNames = append(ev.ResourceNames, res.ARN)
		}
	}
	ev.refs = append(logRefs(ev.ResourceNames), requestRefs(r.EventName, r.RequestParameters, r.ResponseElements)...)
	return ev, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
