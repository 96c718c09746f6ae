// Command terraform-provider-set is a test-only Terraform provider for the rendering
// conformance suite: its one resource, set_group, has what terraform_data lacks: a set of
// strings, a set of nested blocks shaped like a security group's ingress rules, and
// attributes the provider computes. Objects live only in Terraform's state. It is
// installed from a filesystem mirror by the tests, never published.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &setProvider{} },
		providerserver.ServeOpts{Address: "repave.dev/test/set"})
	if err != nil {
		log.Fatal(err)
	}
}

type setProvider struct{}

func (p *setProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "set"
}

func (p *setProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *setProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *setProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &groupResource{} }}
}

func (p *setProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// groupResource is set_group.
type groupResource struct{}

type groupModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Revision types.String `tfsdk:"revision"`
	Tags     types.Set    `tfsdk:"tags"`
	Policy   types.String `tfsdk:"policy"`
	UserData types.String `tfsdk:"user_data"`
	Secret   types.String `tfsdk:"secret"`
	Ingress  types.Set    `tfsdk:"ingress"`
}

func (r *groupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (r *groupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			// revision is computed anew on every change: (known after apply).
			"revision":  schema.StringAttribute{Computed: true},
			"tags":      schema.SetAttribute{Optional: true, ElementType: types.StringType},
			"policy":    schema.StringAttribute{Optional: true},
			"user_data": schema.StringAttribute{Optional: true},
			"secret":    schema.StringAttribute{Optional: true, Sensitive: true},
		},
		Blocks: map[string]schema.Block{
			"ingress": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{
				Attributes: map[string]schema.Attribute{
					"from_port":   schema.Int64Attribute{Required: true},
					"to_port":     schema.Int64Attribute{Required: true},
					"protocol":    schema.StringAttribute{Required: true},
					"cidr_blocks": schema.ListAttribute{Optional: true, ElementType: types.StringType},
					"description": schema.StringAttribute{Optional: true},
				},
			}},
		},
	}
}

// ModifyPlan marks revision unknown whenever the group changes.
func (r *groupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathOf("revision"), types.StringUnknown())...)
}

func (r *groupResource) save(ctx context.Context, m *groupModel) {
	m.ID = m.Name
	m.Revision = types.StringValue("rev-" + m.Name.ValueString())
}

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	r.save(ctx, &m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
}

func (r *groupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	r.save(ctx, &m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *groupResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
