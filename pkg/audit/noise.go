package audit

import "strings"

// The noise catalogue: events that are in every audit log and are not a
// change anyone made to a resource. Noise returns why an event is left out,
// or "" for a management write, which is kept (as a manual change, or as a
// denied or failed attempt when it failed). docs/audit-check.md
// lists the same catalogue.
//
//   - "data": data events (CloudTrail `managementEvent: false` or
//     `eventCategory: Data`, such as S3 PutObject; GCP Data Access logs).
//   - "read": CloudTrail `readOnly: true`, or a read by its name (Get,
//     Describe, List, Head, Lookup, Search, BatchGet; GCP `.get`/`.list`
//     methods; Azure `/read` operations).
//   - "sign-in": console and Identity Center sign-ins and session credentials
//     (CloudTrail `eventType: AwsConsoleSignIn`, signin.amazonaws.com,
//     sso.amazonaws.com sign-in calls, STS AssumeRole*/GetSessionToken).
//   - "service": events AWS services make themselves (`eventType:
//     AwsServiceEvent`; GCP System Event logs).
//   - "heartbeat": agents and interactive sessions that run all day on every
//     instance: the heartbeats table below.
func Noise(ev Event) string {
	switch {
	case ev.Management != nil && !*ev.Management, strings.EqualFold(ev.Category, "Data"):
		return "data"
	case ev.EventType == "AwsConsoleSignIn" || signIns[ev.Source+" "+ev.Name] || signInSources[ev.Source] || ev.Name == "ConsoleLogin":
		return "sign-in"
	case ev.EventType == "AwsServiceEvent" || ev.EventType == "AzureServiceEvent" || strings.EqualFold(ev.Category, "SystemEvent"):
		return "service"
	case ev.Category == "Progress":
		return "progress"
	case heartbeats[ev.Source+" "+ev.Name] || heartbeatSources[ev.Source]:
		return "heartbeat"
	case ev.ReadOnly || isReadName(operation(ev)):
		return "read"
	}
	return ""
}

// signIns are the sign-in and session-credential calls, as "source name".
var signIns = setOf(
	// IAM Identity Center (SSO) portal sign-in and the credentials it hands out.
	"sso.amazonaws.com Authenticate", "sso.amazonaws.com Federate", "sso.amazonaws.com Logout",
	"sso.amazonaws.com GetRoleCredentials", "sso.amazonaws.com CreateToken",
	"sso-oauth.amazonaws.com CreateToken", "sso-oidc.amazonaws.com CreateToken", "sso-oidc.amazonaws.com RegisterClient",
	"sso-oauth.amazonaws.com RegisterClient", "sso-oidc.amazonaws.com StartDeviceAuthorization",
	"sso-directory.amazonaws.com CompleteWebAuthnDeviceRegistration",
	// Session credentials: the pipeline's OIDC login and every role switch.
	"sts.amazonaws.com AssumeRole", "sts.amazonaws.com AssumeRoleWithWebIdentity", "sts.amazonaws.com AssumeRoleWithSAML",
	"sts.amazonaws.com GetSessionToken", "sts.amazonaws.com GetFederationToken", "sts.amazonaws.com SetSourceIdentity",
	"sts.amazonaws.com TagSession", "sts.amazonaws.com AssumeRoot",
)

// signInSources are services whose every call signs in or hands out
// credentials.
var signInSources = setOf("signin.amazonaws.com",
	// GCP: Google sign-in, workload identity federation, service account tokens.
	"login.googleapis.com", "sts.googleapis.com", "iamcredentials.googleapis.com")

// heartbeats are agent and session calls, as "source name": each is made by
// an agent on every instance every few minutes, or opens a shell session
// (which changes no resource; what the session does is logged on its own).
var heartbeats = setOf(
	// SSM Agent: instance heartbeat, inventory, association status, patch compliance.
	"ssm.amazonaws.com UpdateInstanceInformation", "ssm.amazonaws.com UpdateInstanceAssociationStatus",
	"ssm.amazonaws.com PutInventory", "ssm.amazonaws.com PutComplianceItems", "ssm.amazonaws.com UpdateAssociationStatus",
	"ssm.amazonaws.com PutConfigurePackageResult",
	// Session Manager sessions.
	"ssm.amazonaws.com StartSession", "ssm.amazonaws.com ResumeSession", "ssm.amazonaws.com TerminateSession",
	// EC2 Instance Connect (and its endpoint).
	"ec2-instance-connect.amazonaws.com SendSSHPublicKey", "ec2-instance-connect.amazonaws.com SendSerialConsoleSSHPublicKey",
	"ec2-instance-connect.amazonaws.com OpenTunnel",
	// CloudWatch agent: metrics and log streams.
	"monitoring.amazonaws.com PutMetricData", "logs.amazonaws.com CreateLogStream", "logs.amazonaws.com PutLogEvents",
	// ECS and EKS node agents.
	"ecs.amazonaws.com SubmitTaskStateChange", "ecs.amazonaws.com SubmitContainerStateChange",
	"ecs.amazonaws.com SubmitAttachmentStateChanges", "ecs.amazonaws.com DiscoverPollEndpoint",
	// KMS use (not key changes).
	"kms.amazonaws.com Decrypt", "kms.amazonaws.com Encrypt", "kms.amazonaws.com GenerateDataKey",
	"kms.amazonaws.com GenerateDataKeyWithoutPlaintext", "kms.amazonaws.com ReEncrypt",
	// GCP: the Ops Agent's logs and metrics, IAP TCP tunnels (gcloud compute ssh
	// --tunnel-through-iap), OS Login keys (gcloud compute ssh).
	"logging.googleapis.com google.logging.v2.LoggingServiceV2.WriteLogEntries",
	"monitoring.googleapis.com google.monitoring.v3.MetricService.CreateTimeSeries",
	"iap.googleapis.com AuthorizeUser",
	"oslogin.googleapis.com google.cloud.oslogin.v1.OsLoginService.ImportSshPublicKey",
	"oslogin.googleapis.com google.cloud.oslogin.v1beta.OsLoginService.ImportSshPublicKey",
	"oslogin.googleapis.com google.cloud.oslogin.v1.OsLoginService.GetLoginProfile",
)

// heartbeatSources are services whose every call is an agent's channel
// (the SSM Agent's message and session channels).
var heartbeatSources = setOf("ssmmessages.amazonaws.com", "ec2messages.amazonaws.com")

// readPrefixes name read calls whatever readOnly says.
var readPrefixes = []string{"Get", "Describe", "List", "Head", "Lookup", "Search", "BatchGet", "Query", "Scan", "Select", "Estimate", "Simulate", "Preview", "Validate", "Test"}

// operation is the part of an event's name that says what it does:
// CloudTrail's eventName; the last part of a GCP method
// (v1.compute.instances.get -> Get); for Azure, the action before /action
// (listKeys/action -> ListKeys), else Read, Write or Delete.
func operation(ev Event) string {
	name := ev.Name
	switch ev.Cloud {
	case CloudGCP:
		name = name[strings.LastIndex(name, ".")+1:]
	case CloudAzure: // operation names are case-insensitive
		parts := strings.Split(strings.ToLower(name), "/")
		name = parts[len(parts)-1]
		if name == "action" && len(parts) > 1 {
			name = parts[len(parts)-2]
		}
		for _, r := range []string{"read", "list", "get", "check", "validate", "preview", "test"} {
			if strings.HasPrefix(name, r) {
				return "Get"
			}
		}
		return name
	}
	if name != "" && name[0] >= 'a' && name[0] <= 'z' {
		name = string(name[0]-'a'+'A') + name[1:]
	}
	return name
}

func isReadName(name string) bool {
	for _, p := range readPrefixes {
		if rest, ok := strings.CutPrefix(name, p); ok && (rest == "" || rest[0] >= 'A' && rest[0] <= 'Z') {
			return true
		}
	}
	return false
}

func setOf(s ...string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, x := range s {
		m[x] = true
	}
	return m
}
