package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// azureValue is a field that `az monitor activity-log list` prints as
// {"value": ..., "localizedValue": ...} and a diagnostic-settings export
// as a plain string.
type azureValue string

func (v *azureValue) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*v = azureValue(s)
		return nil
	}
	var o struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return fmt.Errorf("neither a string nor {\"value\": ...}")
	}
	*v = azureValue(o.Value)
	return nil
}

// azureEvent is one Activity Log event in either shape: the EventData of
// `az monitor activity-log list` (and the REST API), or a record as
// diagnostic settings export it to a storage account (one a line) or an
// event hub ({"records": [...]}).
type azureEvent struct {
	// az monitor activity-log list
	EventDataID    string            `json:"eventDataId"`
	EventTimestamp string            `json:"eventTimestamp"`
	Caller         string            `json:"caller"`
	Status         azureValue        `json:"status"`
	SubStatus      azureValue        `json:"subStatus"`
	Claims         map[string]string `json:"claims"`
	HTTPRequest    *struct {
		ClientIPAddress string `json:"clientIpAddress"`
	} `json:"httpRequest"`
	// diagnostic settings export
	Time            string `json:"time"`
	ResultType      string `json:"resultType"`
	ResultSignature string `json:"resultSignature"`
	CallerIPAddress string `json:"callerIpAddress"`
	Identity        *struct {
		Claims map[string]string `json:"claims"`
	} `json:"identity"`
	// both
	OperationName azureValue      `json:"operationName"`
	ResourceID    string          `json:"resourceId"`
	Category      azureValue      `json:"category"`
	CorrelationID string          `json:"correlationId"`
	Properties    json.RawMessage `json:"properties"`
}

// Claims of an Entra ID token, as the Activity Log keeps them.
const (
	claimUPN      = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
	claimName     = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
	claimObjectID = "http://schemas.microsoft.com/identity/claims/objectidentifier"
	// azurePortalApp is the application id of the Azure portal.
	azurePortalApp = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"
)

func azureEventOf(doc json.RawMessage) (Event, error) {
	var a azureEvent
	if err := json.Unmarshal(doc, &a); err != nil {
		return Event{}, fmt.Errorf("not an Azure Activity Log event (%v)", err)
	}
	if a.OperationName == "" {
		return Event{}, errors.New("an Azure Activity Log event without operationName")
	}
	claims := a.Claims
	if a.Identity != nil && len(a.Identity.Claims) > 0 {
		claims = a.Identity.Claims
	}
	ev := Event{Cloud: CloudAzure, ID: firstNonEmpty(a.EventDataID, a.CorrelationID), Name: string(a.OperationName),
		Principal:   firstNonEmpty(a.Caller, claims[claimUPN], claims[claimName], claims[claimObjectID], claims["appid"]),
		PrincipalID: claims[claimObjectID], SourceIP: a.CallerIPAddress, Category: string(a.Category),
		FromConsole: strings.EqualFold(claims["appid"], azurePortalApp)}
	if ev.Category == "" || strings.EqualFold(ev.Category, "Administrative") {
		ev.Category = "Management"
	} else {
		ev.EventType = "AzureServiceEvent"
	}
	if i := strings.Index(ev.Name, "/"); i > 0 {
		ev.Source = ev.Name[:i]
	}
	if a.HTTPRequest != nil && ev.SourceIP == "" {
		ev.SourceIP = a.HTTPRequest.ClientIPAddress
	}
	when := firstNonEmpty(a.EventTimestamp, a.Time)
	if when != "" {
		t, err := time.Parse(time.RFC3339, when)
		if err != nil {
			return Event{}, fmt.Errorf("time %q is not an RFC 3339 time", when)
		}
		ev.Time = t.UTC()
	}
	// One operation logs Started (Start), Accepted (Accept), then Succeeded
	// (Success) or Failed (Failure): the last one counts.
	switch strings.ToLower(firstNonEmpty(string(a.Status), a.ResultType)) {
	case "succeeded", "success", "":
	case "failed", "failure", "canceled", "cancelled":
		ev.ErrorCode = firstNonEmpty(string(a.SubStatus), a.ResultSignature, string(a.Status), a.ResultType)
		var props struct {
			StatusMessage string `json:"statusMessage"`
			StatusCode    string `json:"statusCode"`
		}
		if json.Unmarshal(a.Properties, &props) == nil {
			ev.ErrorMessage = props.StatusMessage // whole: cut only where shown, after the scrub (render.go)
			if ev.ErrorCode == "" || strings.EqualFold(ev.ErrorCode, "Failed") || strings.EqualFold(ev.ErrorCode, "Failure") {
				ev.ErrorCode = firstNonEmpty(props.StatusCode, ev.ErrorCode)
			}
		}
	default:
		ev.Category = "Progress"
	}
	if a.ResourceID != "" {
		ev.ResourceNames = []string{a.ResourceID}
	}
	ev.refs = logRefs(ev.ResourceNames)
	return ev, nil
}
