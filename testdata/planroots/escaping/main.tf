# Applied first with before/. Keys and values that could break Markdown tables, fences
# or inject HTML; the tenants are replaced so their addresses reach the dangerous table.
resource "terraform_data" "tenant" {
  for_each         = toset(["acme|corp", "<b>bold</b>"])
  triggers_replace = ["v2"]
  input = {
    script = "echo `id` && printf '```\n</details>\n'"
    html   = "<img src=x onerror=alert(1)>"
    pipe   = "a | b"
  }
}
