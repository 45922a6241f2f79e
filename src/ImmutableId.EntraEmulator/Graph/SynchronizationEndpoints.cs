using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.State;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>
/// Cloud Sync on a service principal: <c>GET …/synchronization/jobs/{jobId}/schema</c> (the job's rule) and
/// <c>POST …/synchronization/jobs/{jobId}/provisionOnDemand</c> for one AD user, with Entra's matching rules: hard match
/// on the source anchor, the 2026 security hardening (a set onPremisesObjectIdentifier or any role blocks it),
/// soft match on the UPN (refused when the cloud user has another immutable ID: InvalidSoftMatch).
/// </summary>
internal sealed class SynchronizationEndpoints(TenantStore store)
{
    /// <summary>The hardening message (entra-rules.md, learn.microsoft.com how-to-connect-install-existing-tenant).</summary>
    public const string HardeningMessage = "Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.";

    /// <summary><c>GET /servicePrincipals/{id}/synchronization/jobs</c>: the Cloud Sync jobs of the service principal.</summary>
    public GraphResponse Jobs(GraphRequest request, string servicePrincipalId)
    {
        var jobs = new JsonArray();
        foreach (var job in store.SyncJobs(servicePrincipalId))
        {
            jobs.Add(new JsonObject
            {
                ["id"] = job.JobId,
                ["templateId"] = "AD2AADProvisioning",
                ["status"] = new JsonObject { ["code"] = "Active" },
            });
        }

        return GraphResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('{servicePrincipalId}')/synchronization/jobs",
            ["value"] = jobs,
        });
    }

    public GraphResponse Schema(GraphRequest request, string servicePrincipalId, string jobId)
    {
        var job = store.FindSyncJob(servicePrincipalId, jobId);
        if (job is null)
        {
            return JobNotFound(request, jobId);
        }

        // [I] Only the rule provision on demand needs; a real schema carries directories and object mappings too.
        return GraphResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('{servicePrincipalId}')/synchronization/jobs('{jobId}')/schema/$entity",
            ["id"] = jobId,
            ["synchronizationRules"] = new JsonArray(new JsonObject
            {
                ["id"] = job.RuleId,
                ["name"] = "USER_ACTIVEDIRECTORY_TO_AZUREACTIVEDIRECTORY",
                ["sourceDirectoryName"] = "Active Directory",
                ["targetDirectoryName"] = "Azure Active Directory",
                ["editable"] = true,
            }),
        });
    }

    /// <summary>provisionOnDemand, atomic: matching and the link run under the store's lock.</summary>
    public GraphResponse ProvisionOnDemand(GraphRequest request, string servicePrincipalId, string jobId) =>
        store.Exclusive(() => Provision(request, servicePrincipalId, jobId));

    private GraphResponse Provision(GraphRequest request, string servicePrincipalId, string jobId)
    {
        var job = store.FindSyncJob(servicePrincipalId, jobId);
        if (job is null)
        {
            return JobNotFound(request, jobId);
        }

        string? ruleId;
        string? dn;
        string? type;
        try
        {
            var parameter = (JsonNode.Parse(request.Body ?? string.Empty)?["parameters"] as JsonArray)?.FirstOrDefault();
            var subject = (parameter?["subjects"] as JsonArray)?.FirstOrDefault();
            ruleId = (string?)parameter?["ruleId"];
            dn = (string?)subject?["objectId"];
            type = (string?)subject?["objectTypeName"];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return request.Error(400, GraphErrorCodes.BadRequest, "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }

        if (string.IsNullOrWhiteSpace(dn) || !string.Equals(type, "user", StringComparison.OrdinalIgnoreCase))
        {
            // [I] text.
            return request.Error(400, GraphErrorCodes.BadRequest, "The request needs parameters[0].subjects[0] with an objectId (the AD distinguished name) and objectTypeName 'user'.");
        }

        if (!string.Equals(ruleId, job.RuleId, StringComparison.OrdinalIgnoreCase))
        {
            // [I] text.
            return request.Error(400, GraphErrorCodes.BadRequest, $"The rule '{ruleId}' is not a synchronization rule of job '{jobId}'.");
        }

        var steps = new JsonArray();
        var onPrem = (job.OnPremUsers ?? []).FirstOrDefault(u => string.Equals(u.DistinguishedName, dn, StringComparison.OrdinalIgnoreCase));
        if (onPrem is null)
        {
            steps.Add(Step(request, "EntryImportObjectNotFound", "Import", "Failure", $"The object '{dn}' was not found in Active Directory."));
            return Answer(request, "Failure", "EntryNotFound", $"The object '{dn}' was not found in Active Directory.", steps);
        }

        steps.Add(Step(request, "EntryImportUpdate", "Import", "Success", $"Received user '{onPrem.UserPrincipalName}' change of type (Update) from Active Directory"));
        steps.Add(Step(request, "EntrySynchronizationScoping", "Scoping", "Success", "Determine if User in scope by evaluating against each scoping filter"));

        var hard = store.FindByImmutableId(onPrem.SourceAnchor);
        if (hard is not null)
        {
            if (hard.OnPremisesSyncEnabled == true && string.Equals(hard.OnPremisesDistinguishedName, onPrem.DistinguishedName, StringComparison.OrdinalIgnoreCase))
            {
                steps.Add(Step(request, "EntrySynchronizationSkip", "Export", "Skipped", $"The state of the user in both the source and target systems already match. No change to the User '{onPrem.UserPrincipalName}' currently needs to be made."));
                return Answer(request, "Skipped", "RedundantExport", "The state of the user in both the source and target systems already match.", steps);
            }

            var linkedElsewhere = !string.IsNullOrEmpty(hard.OnPremisesObjectIdentifier) &&
                !string.Equals(hard.OnPremisesObjectIdentifier, onPrem.ObjectGuid, StringComparison.OrdinalIgnoreCase);
            if (linkedElsewhere || store.EffectiveActiveOrEligibleRoles(hard.Id).Count > 0)
            {
                // [I] the error code; the message is Entra's (entra-rules.md).
                steps.Add(Step(request, "EntryExportUpdate", "Matching", "Failure", HardeningMessage));
                return Answer(request, "Failure", "HardMatchBlockedSecurityHardening", HardeningMessage, steps);
            }

            steps.Add(Step(request, "EntryMatching", "Matching", "Success", $"Hard match: '{hard.UserPrincipalName}' holds the source anchor"));
            return Link(request, hard, onPrem, steps);
        }

        var soft = store.FindUser(onPrem.UserPrincipalName);
        if (soft is null)
        {
            // [I] Cloud Sync would create the user; the emulator does not create users.
            steps.Add(Step(request, "EntryExportAdd", "Export", "Failure", "[emulator] No cloud user matches: Cloud Sync would create one; the emulator does not create users."));
            return Answer(request, "Failure", "EmulatorDoesNotCreateUsers", "No cloud user matches the AD user; the emulator does not create users.", steps);
        }

        if (!string.IsNullOrEmpty(soft.OnPremisesImmutableId))
        {
            // Connect's duplicate-value text for InvalidSoftMatch (KB 2647098); the code names the error.
            var message = $"Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [UserPrincipalName {onPrem.UserPrincipalName};]. Correct or remove the duplicate values in your local directory.";
            steps.Add(Step(request, "EntryExportUpdate", "Matching", "Failure", message));
            return Answer(request, "Failure", "InvalidSoftMatch", message, steps);
        }

        if (store.EffectiveActiveOrEligibleRoles(soft.Id).Count > 0)
        {
            // [I] text; tshoot-connect-sync-errors: soft match onto an admin role holder is refused.
            steps.Add(Step(request, "EntryExportUpdate", "Matching", "Failure", "Existing Admin Role Conflict"));
            return Answer(request, "Failure", "AdminRoleConflict", "Existing Admin Role Conflict: soft match onto a user holding an administrative role is not allowed.", steps);
        }

        steps.Add(Step(request, "EntryMatching", "Matching", "Success", $"Soft match on userPrincipalName '{soft.UserPrincipalName}'"));
        return Link(request, soft, onPrem, steps);
    }

    private GraphResponse Link(GraphRequest request, SeedUser user, SeedOnPremUser onPrem, JsonArray steps)
    {
        var after = user with
        {
            OnPremisesImmutableId = onPrem.SourceAnchor,
            OnPremisesSyncEnabled = true,
            OnPremisesDistinguishedName = onPrem.DistinguishedName,
            OnPremisesSamAccountName = onPrem.SamAccountName,
            OnPremisesUserPrincipalName = onPrem.UserPrincipalName,
            OnPremisesDomainName = onPrem.DomainName,
            OnPremisesObjectIdentifier = onPrem.ObjectGuid ?? user.OnPremisesObjectIdentifier,
            OnPremisesLastSyncDateTime = request.Now,
        };
        store.Replace(user, after, request.Now);
        steps.Add(Step(request, "EntryExportUpdate", "Export", "Success", $"User '{user.UserPrincipalName}' was updated in Azure Active Directory"));
        return Answer(request, "Success", null, null, steps);
    }

    private static JsonObject Step(GraphRequest request, string name, string type, string status, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["status"] = status,
        ["description"] = description,
        ["timestamp"] = request.Now.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        ["details"] = new JsonObject(),
    };

    /// <summary>Graph's answer: a stringKeyStringValuePair whose key and value are JSON texts (synchronization-synchronizationjob-provisionondemand).</summary>
    private static GraphResponse Answer(GraphRequest request, string result, string? errorCode, string? errorMessage, JsonArray steps)
    {
        var details = new JsonObject();
        if (errorCode is not null)
        {
            details["errorCode"] = errorCode;
            details["errorMessage"] = errorMessage;
        }

        var key = new JsonObject { ["result"] = result, ["details"] = details };
        var value = new JsonObject
        {
            ["provisioningSteps"] = steps,
            ["statusInfo"] = new JsonObject { ["status"] = result, ["errorCode"] = errorCode, ["reason"] = errorMessage },
            ["startTime"] = request.Now.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        };
        return GraphResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair",
            ["key"] = key.ToJsonString(),
            ["value"] = value.ToJsonString(),
        });
    }

    private static GraphResponse JobNotFound(GraphRequest request, string jobId) =>
        request.Error(404, GraphErrorCodes.RequestResourceNotFound, $"Resource '{jobId}' does not exist or one of its queried reference-property objects are not present.");
}
