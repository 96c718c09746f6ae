package review

// scrub applies the request's scrubber (secrets from Vault) to text.
func (req PlanRequest) scrub(text string) string {
	if req.Scrub == nil {
		return text
	}
	return req.Scrub(text)
}
