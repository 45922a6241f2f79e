using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class DirectoryTests
{
    [Fact]
    public async Task Domains_List_HasManagedFederatedAndInitial()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var domains = (await graph.Domains.GetAsync())!.Value!;

        Assert.Contains(domains, d => d.Id == "contoso.com" && d.AuthenticationType == "Managed" && d.IsDefault == true && d.IsVerified == true);
        Assert.Contains(domains, d => d.Id == "fabrikam.com" && d.AuthenticationType == "Federated");
        Assert.Contains(domains, d => d.Id == "contoso.onmicrosoft.com" && d.IsInitial == true);
    }

    [Fact]
    public async Task Domains_GetByNameAndUnknown_FederatedAnd404()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var fabrikam = await graph.Domains["fabrikam.com"].GetAsync();
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Domains["nope.com"].GetAsync());

        Assert.Equal("Federated", fabrikam!.AuthenticationType);
        Assert.Equal(404, error.ResponseStatusCode);
    }

    [Fact]
    public async Task RoleAssignments_FilterByPrincipal_GlobalAdministratorWithExpandedDefinition()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.RoleManagement.Directory.RoleAssignments.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"principalId eq '{DemoTenant.Users.DiegoGlobalAdmin}'";
            r.QueryParameters.Expand = ["roleDefinition"];
        });

        var assignment = Assert.Single(page!.Value!);
        Assert.Equal("62e90394-69f5-4237-9190-012177145e10", assignment.RoleDefinitionId);
        Assert.Equal("Global Administrator", assignment.RoleDefinition!.DisplayName);
    }

    [Fact]
    public async Task RoleAssignments_WithoutFilter_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.RoleManagement.Directory.RoleAssignments.GetAsync());

        Assert.Equal(400, error.ResponseStatusCode);
    }

    [Fact]
    public async Task RoleEligibilityInstances_FilterByPrincipal_PrivilegedRoleAdministrator()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.RoleManagement.Directory.RoleEligibilityScheduleInstances.GetAsync(r =>
            r.QueryParameters.Filter = $"principalId eq '{DemoTenant.Users.IsaiahEligible}'");

        Assert.Equal("e8611ab8-c189-46e8-94e1-60213ab1f814", Assert.Single(page!.Value!).RoleDefinitionId);
    }

    [Fact]
    public async Task TransitiveMemberOf_RoleAssignableGroupMember_GetsGroupAndItsDirectoryRole()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var items = (await graph.Users[DemoTenant.Users.LynneViaGroup].TransitiveMemberOf.GetAsync())!.Value!;

        Assert.Contains(items.OfType<Group>(), g => g.Id == DemoTenant.Users.HelpdeskGroup && g.IsAssignableToRole == true);
        Assert.Contains(items.OfType<DirectoryRole>(), r => r.RoleTemplateId == "729827e3-9c14-49f7-bb1b-9608f156bbb8");
    }

    [Fact]
    public async Task TransitiveMemberOf_PlainUser_NoDirectoryRole()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var items = (await graph.Users[DemoTenant.Users.Adele].TransitiveMemberOf.GetAsync())!.Value!;

        Assert.Empty(items.OfType<DirectoryRole>());
        Assert.Single(items.OfType<Group>());
    }

    [Fact]
    public async Task RoleDefinitions_List_HasTheBuiltInRolesWithRealIds()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var ids = (await graph.RoleManagement.Directory.RoleDefinitions.GetAsync())!.Value!.Select(r => r.Id).ToList();

        Assert.Subset(ids.ToHashSet()!, new HashSet<string?>
        {
            "62e90394-69f5-4237-9190-012177145e10", "e8611ab8-c189-46e8-94e1-60213ab1f814", "fe930be7-5e62-47db-91af-98c3a49a38b1",
            "729827e3-9c14-49f7-bb1b-9608f156bbb8", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        });
    }

    [Fact]
    public async Task ServicePrincipals_FilterByAppIdThenGrantAppRole_GrantedOnceThenDuplicate400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.Create(emulator, emulator.MintToken(DemoTenant.DeployerAppId));
        var userReadAll = Guid.Parse("df021288-bdef-4463-88db-98f22de89214");

        var graphSp = Assert.Single((await graph.ServicePrincipals.GetAsync(r => r.QueryParameters.Filter = $"appId eq '{DemoTenant.GraphAppId}'"))!.Value!);
        var grant = new AppRoleAssignment { PrincipalId = Guid.Parse(DemoTenant.FunctionServicePrincipalId), ResourceId = Guid.Parse(graphSp.Id!), AppRoleId = userReadAll };
        var created = await graph.ServicePrincipals[graphSp.Id].AppRoleAssignedTo.PostAsync(grant);
        var duplicate = await Assert.ThrowsAsync<ODataError>(() => graph.ServicePrincipals[graphSp.Id].AppRoleAssignedTo.PostAsync(grant));
        var listed = (await graph.ServicePrincipals[DemoTenant.FunctionServicePrincipalId].AppRoleAssignments.GetAsync())!.Value!;

        Assert.Equal(userReadAll, created!.AppRoleId);
        Assert.Equal(400, duplicate.ResponseStatusCode);
        Assert.Contains(listed, a => a.AppRoleId == userReadAll);
        Assert.Contains("User.Read.All", ReadRoles(emulator.MintToken(DemoTenant.FunctionAppId)));
    }

    [Fact]
    public async Task ServicePrincipals_GrantWithoutApplicationReadWriteAll_403()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.Create(emulator, emulator.MintToken(DemoTenant.DeployerAppId, ["Application.Read.All"]));

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.ServicePrincipals[DemoTenant.GraphServicePrincipalId].AppRoleAssignedTo.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(DemoTenant.FunctionServicePrincipalId),
            ResourceId = Guid.Parse(DemoTenant.GraphServicePrincipalId),
            AppRoleId = Guid.Parse("df021288-bdef-4463-88db-98f22de89214"),
        }));

        Assert.Equal(403, error.ResponseStatusCode);
    }

    [Fact]
    public async Task ServicePrincipals_GrantUnknownAppRole_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.Create(emulator, emulator.MintToken(DemoTenant.DeployerAppId));

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.ServicePrincipals[DemoTenant.GraphServicePrincipalId].AppRoleAssignedTo.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(DemoTenant.FunctionServicePrincipalId),
            ResourceId = Guid.Parse(DemoTenant.GraphServicePrincipalId),
            AppRoleId = Guid.NewGuid(),
        }));

        Assert.Equal(400, error.ResponseStatusCode);
    }

    private static string[] ReadRoles(string jwt)
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(jwt);
        return token.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ToArray();
    }
}
