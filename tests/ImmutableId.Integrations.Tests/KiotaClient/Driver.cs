// The typed-client check's driver: built at test time next to the client Kiota generates from the v3 document
// (namespace ImmutableId.Client), then run against the sandbox. Not compiled into the test project.
// Usage: dotnet run -- <api base URL, e.g. http://127.0.0.1:40123/api> <bearer token>
using ImmutableId.Client;
using ImmutableId.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticToken(args[1]))) { BaseUrl = args[0] };
var client = new ImmutableIdApiClient(adapter);
var failures = 0;

void Check(string step, bool ok, string detail)
{
    Console.WriteLine($"{(ok ? "OK" : "FAIL")} {step}: {detail}");
    if (!ok)
    {
        failures++;
    }
}

// convert
var converted = await client.Convert.PostAsync(new ConvertRequest { Value = "35918bc9-196d-40ea-9779-889d79b753f0" });
Check("convert", converted?.ImmutableId == "yYuRNW0Z6kCXeYidebdT8A==", $"immutableId {converted?.ImmutableId}, detected {converted?.DetectedFormat}");

// status
var user = client.Users["alex.wilber@contoso.com"].ImmutableId;
var status = await user.GetAsync();
Check("status", status?.MatchState == ImmutableIdResponse_matchState.NotSet && status.Cloud?.OnPremisesImmutableId is null, $"matchState {status?.MatchState}");

// dry run
var plan = await user.PutAsync(new SetImmutableIdBody { Ticket = "INC-KIOTA" }, c => c.QueryParameters.DryRun = true);
var after = await user.GetAsync();
Check("dry run", plan?.Outcome == ImmutableIdResponse_outcome.Planned && plan.After == "9+XToSwLbk2PEBorPE1eAg==" && after?.MatchState == ImmutableIdResponse_matchState.NotSet,
    $"outcome {plan?.Outcome}, after {plan?.After}, state afterwards {after?.MatchState}");

// set (with an Idempotency-Key, reading X-Operation-Id through the headers inspection option)
var inspection = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
var set = await user.PutAsync(new SetImmutableIdBody { Ticket = "INC-KIOTA", Reason = "typed client" }, c =>
{
    c.Headers.Add("Idempotency-Key", "\"kiota-" + Guid.NewGuid() + "\"");
    c.Options.Add(inspection);
});
var operationId = inspection.ResponseHeaders.TryGetValue("X-Operation-Id", out var values) ? values.FirstOrDefault() : null;
Check("set", set?.Outcome == ImmutableIdResponse_outcome.Succeeded && set.MatchState == ImmutableIdResponse_matchState.Matched && set.Cloud?.OnPremisesImmutableId == set.After && operationId is not null,
    $"outcome {set?.Outcome}, matchState {set?.MatchState}, cloud {set?.Cloud?.OnPremisesImmutableId}, X-Operation-Id {operationId}");
var record = await client.Operations[Guid.Parse(operationId!)].GetAsync();
Check("operation", record?.Ticket == "INC-KIOTA" && record.Outcome == AuditRecord_outcome.Succeeded, $"ticket {record?.Ticket}, outcome {record?.Outcome}");

// clear (no body: ticket and reason as query parameters)
var clear = await user.DeleteAsync(c =>
{
    c.QueryParameters.Ticket = "CHG-KIOTA";
    c.QueryParameters.Reason = "typed client clear";
});
Check("clear", clear?.Outcome == ImmutableIdResponse_outcome.Succeeded && clear.MatchState == ImmutableIdResponse_matchState.NotSet && clear.Cloud?.OnPremisesImmutableId is null,
    $"outcome {clear?.Outcome}, matchState {clear?.MatchState}");

// list operations
var page = await client.Operations.GetAsync(c => { c.QueryParameters.Upn = "alex.wilber@contoso.com"; c.QueryParameters.PageSize = 2; });
var all = new List<AuditRecord>(page?.Items ?? []);
while (page?.ContinuationToken is { } token)
{
    page = await client.Operations.GetAsync(c => { c.QueryParameters.Upn = "alex.wilber@contoso.com"; c.QueryParameters.PageSize = 2; c.QueryParameters.ContinuationToken = token; });
    all.AddRange(page?.Items ?? []);
}

Check("list operations", all.Count == 3 && all.Any(r => r.Reason == "typed client clear"), $"{all.Count} records over pages of 2");

// a refusal, read as a typed problem
try
{
    await client.Users["diego.siciliani@contoso.com"].ImmutableId.PutAsync(new SetImmutableIdBody());
    Check("refusal", false, "no exception");
}
catch (Problem problem)
{
    var blockers = problem.Blockers?.Select(b => b.Code).ToList() ?? [];
    Check("refusal", problem.ResponseStatusCode == 403 && problem.Code == "PrivilegedTarget" && blockers.Contains("ProtectedOnPremAccount") && problem.Written == false && problem.TraceId is not null,
        $"status {problem.ResponseStatusCode}, code {problem.Code}, blockers [{string.Join(", ", blockers)}], written {problem.Written}");
}

Console.WriteLine($"KIOTA CLIENT failures={failures}");
return failures == 0 ? 0 : 1;

/// <summary>The sandbox token for every request (a real caller would use an Azure.Identity credential).</summary>
internal sealed class StaticToken(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(token);
}
