using System.Text.Json;
using ImmutableId.Core.Entra;
using ImmutableId.Core.Sync;
using ImmutableId.Entra.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using ProvisioningResult = ImmutableId.Core.Sync.ProvisioningResult;
using ProvisioningStep = ImmutableId.Core.Sync.ProvisioningStep;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.ServicePrincipals.Item.Synchronization.Jobs.Item.ProvisionOnDemand;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ImmutableId.Entra.Sync;

/// <summary>
/// <see cref="ICloudSyncProvisioner"/> over Graph v1.0 <c>POST /servicePrincipals/{id}/synchronization/jobs/{jobId}/provisionOnDemand</c>
/// (subject = the AD object's DN, objectTypeName user; application permission Synchronization.ReadWrite.All). The rule
/// id comes from the options or, once, from the job's schema (the rule whose source is AD).
/// </summary>
internal sealed class GraphCloudSyncProvisioner(GraphServiceClient graph, GraphRetryPolicy retry, CloudSyncOptions options, ILogger<GraphCloudSyncProvisioner> logger) : ICloudSyncProvisioner
{
    private string? _jobId = string.IsNullOrWhiteSpace(options.JobId) ? null : options.JobId;
    private string? _ruleId = string.IsNullOrWhiteSpace(options.RuleId) ? null : options.RuleId;

    public bool IsConfigured => options.IsConfigured;

    public async Task<ProvisioningResult> ProvisionAsync(string distinguishedName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(distinguishedName);
        if (!options.IsConfigured)
        {
            return ProvisioningResult.NotConfigured(distinguishedName);
        }

        try
        {
            _jobId ??= await JobIdAsync(cancellationToken).ConfigureAwait(false);
            if (_jobId is null)
            {
                return new ProvisioningResult(ProvisioningOutcome.Unavailable, distinguishedName, "JobNotFound",
                    $"Service principal {options.ServicePrincipalId} has not exactly one synchronization job with templateId AD2AADProvisioning: set Sync:CloudSync:JobId.", null, []);
            }

            var job = graph.ServicePrincipals[options.ServicePrincipalId].Synchronization.Jobs[_jobId];
            _ruleId ??= await RuleIdAsync(_jobId, cancellationToken).ConfigureAwait(false);
            if (_ruleId is null)
            {
                return new ProvisioningResult(ProvisioningOutcome.Unavailable, distinguishedName, "RuleNotFound",
                    $"The schema of job {_jobId} has no rule whose source is Active Directory: set Sync:CloudSync:RuleId.", null, []);
            }

            var body = new ProvisionOnDemandPostRequestBody
            {
                Parameters =
                [
                    new SynchronizationJobApplicationParameters
                    {
                        RuleId = _ruleId,
                        Subjects = [new SynchronizationJobSubject { ObjectId = distinguishedName, ObjectTypeName = "user" }],
                    },
                ],
            };
            var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            var answer = await retry.ExecuteAsync("POST provisionOnDemand", ct => job.ProvisionOnDemand.PostAsync(body, r =>
            {
                r.Options.Add(headers);
                r.Headers.Add("x-ms-throttle-priority", "high");
            }, ct), cancellationToken).ConfigureAwait(false);
            var requestId = headers.ResponseHeaders.TryGetValue("request-id", out var ids) ? ids.FirstOrDefault() : null;
            var result = Parse(distinguishedName, answer, requestId);
            CloudSyncLog.Provisioned(logger, result.Outcome.ToString(), result.ErrorCode, result.FailedStep, requestId);
            return result;
        }
        catch (ODataError error)
        {
            var status = error.ResponseStatusCode;
            CloudSyncLog.Refused(logger, status, error.Error?.Code);
            return new ProvisioningResult(status is 401 or 403 ? ProvisioningOutcome.Refused : ProvisioningOutcome.Unavailable, distinguishedName, error.Error?.Code,
                status is 401 or 403
                    ? $"Microsoft Graph refused provision on demand ({status} {error.Error?.Code}): the identity needs the application permission Synchronization.ReadWrite.All."
                    : $"Microsoft Graph answered {status} {error.Error?.Code}: {error.Error?.Message}",
                null, []);
        }
        catch (EntraDirectoryException error)
        {
            return new ProvisioningResult(ProvisioningOutcome.Unavailable, distinguishedName, error.Failure.ToString(), error.Message, null, []);
        }
    }

    private async Task<string?> JobIdAsync(CancellationToken cancellationToken)
    {
        var jobs = await retry.ExecuteAsync("GET synchronization jobs",
            ct => graph.ServicePrincipals[options.ServicePrincipalId].Synchronization.Jobs.GetAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var cloudSync = (jobs?.Value ?? []).Where(j => string.Equals(j.TemplateId, "AD2AADProvisioning", StringComparison.OrdinalIgnoreCase)).ToList();
        return cloudSync.Count == 1 ? cloudSync[0].Id : null;
    }

    private async Task<string?> RuleIdAsync(string jobId, CancellationToken cancellationToken)
    {
        var schema = await retry.ExecuteAsync("GET synchronization schema",
            ct => graph.ServicePrincipals[options.ServicePrincipalId].Synchronization.Jobs[jobId].Schema.GetAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return schema?.SynchronizationRules?.FirstOrDefault(r =>
            r.SourceDirectoryName?.Contains("Active Directory", StringComparison.OrdinalIgnoreCase) == true &&
            r.SourceDirectoryName?.Contains("Azure", StringComparison.OrdinalIgnoreCase) != true)?.Id;
    }

    /// <summary>The answer's key is <c>{"result","details":{errorCode,errorMessage}}</c>, its value the steps (both JSON texts).</summary>
    internal static ProvisioningResult Parse(string distinguishedName, StringKeyStringValuePair? answer, string? requestId)
    {
        try
        {
            using var key = JsonDocument.Parse(answer?.Key ?? "{}");
            using var value = JsonDocument.Parse(answer?.Value ?? "{}");
            var result = Text(key.RootElement, "result");
            var details = key.RootElement.TryGetProperty("details", out var d) ? d : default;
            var steps = new List<ProvisioningStep>();
            if (value.RootElement.TryGetProperty("provisioningSteps", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                steps.AddRange(list.EnumerateArray().Select(s => new ProvisioningStep(Text(s, "name") ?? "?", Text(s, "type") ?? "?", Text(s, "status") ?? "?", Text(s, "description"))));
            }

            var failed = steps.FirstOrDefault(s => s.Status.StartsWith("Fail", StringComparison.OrdinalIgnoreCase));
            var outcome = result?.ToUpperInvariant() switch
            {
                "SUCCESS" => ProvisioningOutcome.Succeeded,
                "SKIPPED" => ProvisioningOutcome.Skipped,
                _ => ProvisioningOutcome.Failed,
            };
            var errorCode = details.ValueKind == JsonValueKind.Object ? Text(details, "errorCode") : null;
            var message = details.ValueKind == JsonValueKind.Object ? Text(details, "errorMessage") : null;
            return new ProvisioningResult(outcome, distinguishedName, errorCode, message ?? failed?.Description, failed?.Name, steps, requestId);
        }
        catch (JsonException)
        {
            return new ProvisioningResult(ProvisioningOutcome.Failed, distinguishedName, "UnreadableAnswer", "Graph answered provision on demand with a body that is not the documented key/value JSON.", null, [], requestId);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
