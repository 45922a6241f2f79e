using System.Text.Json.Nodes;

namespace ImmutableId.Infra.Tests;

/// <summary>What `azd up` would deploy, per connectivity mode, from the offline snapshot of main.bicep.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class DeploymentTests(DeploymentSnapshots snapshots)
{
    private const string UserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string Site = "Microsoft.Web/sites";
    private const string Plan = "Microsoft.Web/serverfarms";
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";

    public static TheoryData<string> AllModes() => [.. DeploymentSnapshots.ParameterSets];

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Snapshot_AnyMode_HasNoDiagnostics(string mode) =>
        Assert.Empty(snapshots[mode].SnapshotDiagnostics);

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Outputs_AnyMode_HoldNoSecretValues(string mode)
    {
        var outputs = snapshots[mode].Outputs;

        Assert.NotEmpty(outputs);
        Assert.All(outputs, output =>
        {
            var value = output.Value?.ToJsonString() ?? string.Empty;
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccountKey=", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ConnectionString", value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Site_AnyMode_UsesOnlyTheUserAssignedIdentity(string mode)
    {
        var snapshot = snapshots[mode];
        var identityId = (string)snapshot.Single(UserAssignedIdentity)["id"]!;
        var site = snapshot.Single(Site);

        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal([identityId], site["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        Assert.Equal(identityId, (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        var settings = snapshot.AppSettings;
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains(".clientId", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["AZURE_CLIENT_ID"]);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["Entra__ManagedIdentityClientId"]);
        Assert.Equal("ManagedIdentity", settings["Entra__Credential"]);
    }

    [Theory]
    [InlineData("agent", "Microsoft.Storage/storageAccounts", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b")] // Storage Blob Data Owner
    [InlineData("agent", "Microsoft.Storage/storageAccounts", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("agent", "Microsoft.Storage/storageAccounts", "974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor: bulk jobs
    [InlineData("agent", "Microsoft.Insights/components", "3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher
    [InlineData("agent", "Microsoft.KeyVault/vaults", "4633458b-17de-408a-b874-0445c86b69e6")] // Key Vault Secrets User
    [InlineData("hybridConnection", "Microsoft.Storage/storageAccounts", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b")]
    [InlineData("hybridConnection", "Microsoft.Storage/storageAccounts", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")]
    [InlineData("hybridConnection", "Microsoft.Storage/storageAccounts", "974c5e8b-45b9-4653-ba55-5f855dd0fb88")]
    [InlineData("hybridConnection", "Microsoft.Insights/components", "3913510d-42f4-4e42-8a64-420c390055eb")]
    [InlineData("hybridConnection", "Microsoft.KeyVault/vaults", "4633458b-17de-408a-b874-0445c86b69e6")]
    public void RoleAssignments_Identity_HoldsItsDataRoleOnTheResource(string mode, string scopeType, string roleId)
    {
        var snapshot = snapshots[mode];
        var identityId = (string)snapshot.Single(UserAssignedIdentity)["id"]!;
        var scopeId = (string)snapshot.Single(scopeType)["id"]!;

        var assignments = snapshot.OfType(RoleAssignment).Where(a =>
            ((string)a["id"]!).StartsWith(scopeId + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)
            && ((string)a["properties"]!["roleDefinitionId"]!).EndsWith("/" + roleId, StringComparison.OrdinalIgnoreCase)
            && ((string)a["properties"]!["principalId"]!).Contains(identityId, StringComparison.OrdinalIgnoreCase)).ToList();

        var assignment = Assert.Single(assignments);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_AnyMode_BulkJobQueueIsIdentityBasedOnTheAppStorage(string mode)
    {
        var settings = snapshots[mode].AppSettings;

        Assert.Equal("immutableid-jobs", settings["Jobs__QueueName"]);
        Assert.Contains("primaryEndpoints.queue", settings["JobsQueue__queueServiceUri"], StringComparison.Ordinal);
        Assert.Equal("managedidentity", settings["JobsQueue__credential"]);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["JobsQueue__clientId"]);
    }

    [Fact]
    public void RoleAssignments_Deployer_GetsKeyVaultSecretsOfficerOnlyWhenGiven()
    {
        const string officer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"; // Key Vault Secrets Officer
        bool HasOfficer(DeploymentSnapshot s) => s.OfType(RoleAssignment)
            .Any(a => ((string)a["properties"]!["roleDefinitionId"]!).EndsWith(officer, StringComparison.OrdinalIgnoreCase));

        Assert.True(HasOfficer(snapshots["agent"]));
        Assert.False(HasOfficer(snapshots["keyVaultReference"])); // no principalId given
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Storage_AnyMode_SharedKeysOffAndTls12(string mode)
    {
        var properties = snapshots[mode].Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Monitoring_AnyMode_LocalAuthOffAndEntraAuthString(string mode)
    {
        var snapshot = snapshots[mode];

        Assert.True((bool)snapshot.Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD'", snapshot.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void KeyVault_AnyMode_RbacModeWithoutAccessPolicies(string mode)
    {
        var properties = snapshots[mode].Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.Null(properties["accessPolicies"]);
        Assert.True((bool)properties["enableSoftDelete"]!);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Site_AnyMode_HttpsOnlyTls12NoFtpNoBasicAuth(string mode)
    {
        var snapshot = snapshots[mode];
        var properties = snapshot.Single(Site)["properties"]!;

        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);
        var policies = snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('/')[^1]).Order());
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_AnyMode_NoKeysOrConnectionStrings(string mode)
    {
        var settings = snapshots[mode].AppSettings;

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", settings.Keys);
        Assert.DoesNotContain("APPINSIGHTS_INSTRUMENTATIONKEY", settings.Keys);
        Assert.All(settings, setting =>
        {
            Assert.DoesNotContain("AccountKey=", setting.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", setting.Value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void Plan_AgentMode_IsFlexConsumptionLinuxWithIdentityDeploymentStorage()
    {
        var snapshot = snapshots["agent"];
        var plan = snapshot.Single(Plan);
        var site = snapshot.Single(Site);
        var identityId = (string)snapshot.Single(UserAssignedIdentity)["id"]!;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal(identityId, (string?)config["deployment"]!["storage"]!["authentication"]!["userAssignedIdentityResourceId"]);
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", snapshot.AppSettings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", snapshot.AppSettings.Keys);
        Assert.Equal("Agent", snapshot.AppSettings["OnPrem__Mode"]);
    }

    [Theory]
    [InlineData("hybridConnection", "P0v3", "PremiumV3")]
    [InlineData("keyVaultReference", "P0v3", "PremiumV3")]
    [InlineData("hybridConnectionOutsideFlexRegions", "S1", "Standard")]
    public void Plan_HybridConnectionMode_IsDedicatedWindowsWithAlwaysOn(string mode, string sku, string tier)
    {
        var snapshot = snapshots[mode];
        var plan = snapshot.Single(Plan);
        var site = snapshot.Single(Site);

        // Hybrid Connections need Windows and Basic or higher; a Dedicated plan needs no Azure Files content share.
        Assert.Equal(sku, (string?)plan["sku"]!["name"]);
        Assert.Equal(tier, (string?)plan["sku"]!["tier"]);
        Assert.False((bool)plan["properties"]!["reserved"]!);
        Assert.Null(plan["properties"]!["maximumElasticWorkerCount"]);
        Assert.Equal("functionapp", (string?)site["kind"]);
        Assert.Null(site["properties"]!["functionAppConfig"]);
        Assert.True((bool)site["properties"]!["siteConfig"]!["alwaysOn"]!);
        Assert.Equal("v10.0", (string?)site["properties"]!["siteConfig"]!["netFrameworkVersion"]);
        Assert.Equal("dotnet-isolated", snapshot.AppSettings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", snapshot.AppSettings["FUNCTIONS_EXTENSION_VERSION"]);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void RunFromPackage_AnyMode_IsACombinationMicrosoftSupportsWithoutAzureFiles(string mode)
    {
        // learn.microsoft.com/azure/azure-functions/storage-considerations#create-an-app-without-azure-files: Elastic
        // Premium (or Windows Consumption) without the content share must run from a package *URL* in Blob storage,
        // with the user-assigned identity in WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID; "1" keeps the package on
        // that share. Flex Consumption and Dedicated plans have no content-share dependency.
        var snapshot = snapshots[mode];
        var tier = (string)snapshot.Single(Plan)["sku"]!["tier"]!;
        var settings = snapshot.AppSettings;

        Assert.DoesNotContain("WEBSITE_CONTENTSHARE", settings.Keys);
        Assert.DoesNotContain("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", settings.Keys);
        switch (tier)
        {
            case "FlexConsumption":
                Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Keys);
                break;
            case "Basic" or "Standard" or "PremiumV3":
                Assert.Equal("1", settings["WEBSITE_RUN_FROM_PACKAGE"]);
                break;
            default:
                Assert.Fail($"{mode}: plan tier {tier} needs an Azure Files content share or a blob package URL; neither is deployed");
                break;
        }
    }

    [Theory]
    [InlineData("hybridConnection")]
    [InlineData("keyVaultReference")]
    [InlineData("hybridConnectionOutsideFlexRegions")]
    public void HealthCheck_HybridConnectionMode_ProbesLivenessNotReadiness(string mode)
    {
        var site = snapshots[mode].Single(Site);

        // Readiness fails on every instance at once when the DC, the Hybrid Connection Manager or Graph is down;
        // App Service would take them all out and replace them. Liveness only says the process answers.
        Assert.Equal("/api/health", (string?)site["properties"]!["siteConfig"]!["healthCheckPath"]);
    }

    [Fact]
    public void HealthCheck_AgentMode_IsAbsentOnFlexConsumption()
    {
        var site = snapshots["agent"].Single(Site);

        Assert.Null(site["properties"]!["siteConfig"]!["healthCheckPath"]);
    }

    [Fact]
    public void Relay_AgentMode_IsAbsent()
    {
        var snapshot = snapshots["agent"];

        Assert.DoesNotContain(snapshot.Resources, r => ((string)r["type"]!).StartsWith("Microsoft.Relay/", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(snapshot.OfType("Microsoft.Web/sites/hybridConnectionNamespaces/relays"));
        Assert.DoesNotContain(snapshot.AppSettings.Keys, k => k.StartsWith("OnPrem__", StringComparison.Ordinal) && k != "OnPrem__Mode");
        Assert.Equal(string.Empty, (string?)snapshot.Outputs["HYBRID_CONNECTION_NAME"]);
    }

    [Fact]
    public void Relay_HybridConnectionMode_PointsAtTheDcOnLdapsAndIsAttachedToTheSite()
    {
        var snapshot = snapshots["hybridConnection"];
        var relay = snapshot.Single("Microsoft.Relay/namespaces");
        var connection = snapshot.Single("Microsoft.Relay/namespaces/hybridConnections");
        var attached = snapshot.Single("Microsoft.Web/sites/hybridConnectionNamespaces/relays");
        var siteName = (string)snapshot.Single(Site)["name"]!;

        var metadata = JsonNode.Parse((string)connection["properties"]!["userMetadata"]!)!.AsArray();
        Assert.Equal("dc01.corp.contoso.com:636", (string?)metadata.Single(m => (string?)m!["key"] == "endpoint")!["value"]);
        Assert.True((bool)connection["properties"]!["requiresClientAuthorization"]!);
        Assert.StartsWith($"{siteName}/{relay["name"]}/", (string)attached["name"]!, StringComparison.Ordinal);
        Assert.Equal((string?)connection["id"], (string?)attached["properties"]!["relayArmUri"]);
        Assert.Equal("dc01.corp.contoso.com", (string?)attached["properties"]!["hostname"]);
        Assert.Equal(636, (int)attached["properties"]!["port"]!);
        Assert.Equal("defaultSender", (string?)attached["properties"]!["sendKeyName"]);
        var rules = snapshot.OfType("Microsoft.Relay/namespaces/hybridConnections/authorizationRules");
        Assert.Equal(["defaultListener", "defaultSender"], rules.Select(r => ((string)r["name"]!).Split('/')[^1]).Order());
        Assert.Equal((string?)connection["name"], ((string)connection["name"]!).Split('/')[0] + "/" + snapshot.Outputs["HYBRID_CONNECTION_NAME"]);
    }

    [Fact]
    public void AppSettings_HybridConnectionMode_LdapsSettingsAndPasswordFromKeyVault()
    {
        var settings = snapshots["hybridConnection"].AppSettings;

        Assert.Equal("Ldap", settings["OnPrem__Mode"]);
        Assert.Equal("dc01.corp.contoso.com", settings["OnPrem__Server"]);
        Assert.Equal("636", settings["OnPrem__Port"]);
        Assert.Equal("Ldaps", settings["OnPrem__Transport"]);
        Assert.Equal("svc-immutableid@corp.contoso.com", settings["OnPrem__BindUserName"]);
        Assert.Equal("DC=corp,DC=contoso,DC=com", settings["OnPrem__BaseDns__0"]);
        Assert.Equal("OU=Cloud,DC=corp,DC=contoso,DC=com", settings["OnPrem__BaseDns__1"]);
        Assert.Contains(".vaultUri", settings["OnPrem__KeyVaultUri"], StringComparison.Ordinal);
        Assert.Equal("ldap-bind-password", settings["OnPrem__BindPasswordSecretName"]);
        Assert.Equal(settings["AZURE_CLIENT_ID"], settings["OnPrem__ManagedIdentityClientId"]);
        Assert.Equal(@"D:\home\site\wwwroot\certs\onprem-ca.pem", settings["OnPrem__TrustedCaPath"]);
        Assert.DoesNotContain("OnPrem__BindPassword", settings.Keys);
        Assert.Equal("true", settings["Policy__AllowReplace"]);
        Assert.Equal("fabrikam.com", settings["Policy__AllowedUpnDomains__1"]);
    }

    [Fact]
    public void AppSettings_KeyVaultReferenceMode_PasswordIsAKeyVaultReference()
    {
        var snapshot = snapshots["keyVaultReference"];
        var vaultName = (string)snapshot.Single("Microsoft.KeyVault/vaults")["name"]!;
        var settings = snapshot.AppSettings;

        Assert.Equal($"@Microsoft.KeyVault(VaultName={vaultName};SecretName=ldap-bind-password)", settings["OnPrem__BindPassword"]);
        Assert.DoesNotContain("OnPrem__KeyVaultUri", settings.Keys);
    }

    [Fact]
    public void AppSettings_CloudSyncConfigured_SyncSettingsOnlyThen()
    {
        var configured = snapshots["keyVaultReference"].AppSettings;

        Assert.Equal("55555555-0000-4000-8000-000000000001", configured["Sync__CloudSync__ServicePrincipalId"]);
        Assert.Equal("AD2AADProvisioning.0123456789abcdef.11111111-2222-3333-4444-555555555555", configured["Sync__CloudSync__JobId"]);
        Assert.DoesNotContain("Sync__CloudSync__RuleId", configured.Keys);
        Assert.DoesNotContain(snapshots["agent"].AppSettings.Keys, k => k.StartsWith("Sync__", StringComparison.Ordinal));
        Assert.DoesNotContain(snapshots["hybridConnection"].AppSettings.Keys, k => k.StartsWith("Sync__", StringComparison.Ordinal));
    }

    [Fact]
    public void Authentication_Enabled_RequiresEntraTokensForTheApiRegistration()
    {
        var auth = snapshots["hybridConnection"].OfType("Microsoft.Web/sites/config")
            .Single(r => ((string)r["name"]!).EndsWith("/authsettingsV2", StringComparison.Ordinal))["properties"]!;

        Assert.True((bool)auth["platform"]!["enabled"]!);
        Assert.Equal("Return401", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.Contains("/api/health", auth["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => (string?)p));
        var aad = auth["identityProviders"]!["azureActiveDirectory"]!;
        Assert.Equal("22222222-2222-2222-2222-222222222222", (string?)aad["registration"]!["clientId"]);
        Assert.Contains(DeploymentSnapshot.TenantId, (string)aad["registration"]!["openIdIssuer"]!, StringComparison.Ordinal);
        Assert.Equal(["api://immutableid-test", "22222222-2222-2222-2222-222222222222"],
            aad["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void Authentication_Disabled_IsAbsent() =>
        Assert.DoesNotContain(snapshots["agent"].OfType("Microsoft.Web/sites/config"),
            r => ((string)r["name"]!).EndsWith("/authsettingsV2", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Tags_AnyMode_OnlyTheSiteCarriesTheAzdServiceName(string mode)
    {
        var tagged = snapshots[mode].Resources
            .Where(r => r["tags"]?["azd-service-name"] is not null).ToList();

        var site = Assert.Single(tagged);
        Assert.Equal(Site, (string?)site["type"]);
        Assert.Equal("api", (string?)site["tags"]!["azd-service-name"]);
    }
}
