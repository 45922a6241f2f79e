using System.Globalization;
using System.Text.Json;
using ImmutableId.Core.Entra;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// <see cref="IEntraDirectory"/> over Microsoft Graph. A user is resolved with one <b>beta</b> GET that selects every
/// v1.0 property the guardrails read plus the beta-only <c>onPremisesObjectIdentifier</c> (a v1.0 <c>$batch</c> cannot
/// hold a beta request; when beta fails the v1.0 GET answers instead and the link reads unknown); its facts are one
/// <c>$batch</c> (holders, roles, memberships, and the domain when it is not cached). Every call is bounded by the retry
/// budget and sent with <c>x-ms-throttle-priority</c>.
/// </summary>
internal sealed class GraphEntraDirectory(GraphServiceClient graph, GraphRetryPolicy retry, GraphDomainCache domains, ILogger<GraphEntraDirectory> logger, string priority = ThrottlePriorityHandler.High) : IEntraDirectory
{
    /// <summary>
    /// The user properties the workflow reads from v1.0. onPremisesObjectIdentifier is a beta property
    /// (entra-rules.md): it is read by <see cref="ResolveUserAsync"/> from the beta surface.
    /// </summary>
    internal static readonly string[] UserSelect =
    [
        "id", "userPrincipalName", "displayName", "mail", "userType", "accountEnabled", "onPremisesImmutableId",
        "onPremisesSyncEnabled", "onPremisesDistinguishedName", "onPremisesLastSyncDateTime",
    ];

    /// <summary>What the beta resolve reads: the v1.0 properties and the beta-only link.</summary>
    internal static readonly string[] LinkedUserSelect = [.. UserSelect, "onPremisesObjectIdentifier"];

    private const string Priority = "x-ms-throttle-priority";

    // The SDK's URL-template names of the OData query options ('$' is %24 in the templates).
    internal const string Select = "%24select";
    internal const string Filter = "%24filter";
    internal const string Expand = "%24expand";
    internal const string Count = "%24count";
    internal const string Top = "%24top";

    private static readonly string[] MemberOfSelect = ["id", "displayName", "isAssignableToRole", "roleTemplateId"];
    private static readonly string[] HolderSelect = ["id", "userPrincipalName"];
    private static readonly string[] RoleDefinitionExpand = ["roleDefinition"];

    public async Task<CloudUser?> GetUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrUserPrincipalName);
        return await retry.ExecuteAsync("GET user", async ct =>
        {
            try
            {
                var user = await graph.RequestAdapter.SendAsync(UserRequest(idOrUserPrincipalName), User.CreateFromDiscriminatorValue, ErrorMapping, ct).ConfigureAwait(false);
                return user is null ? null : ToCloudUser(user);
            }
            catch (ODataError error) when (error.ResponseStatusCode is 404 or 400)
            {
                // 400: Graph could not even parse the key as a user id or UPN, so no such user exists.
                return null;
            }
            catch (ODataError error) when (error.ResponseStatusCode is 401 or 403)
            {
                throw Forbidden(error, "read users", "User.Read.All");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CloudUserResolution> ResolveUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrUserPrincipalName);
        var key = idOrUserPrincipalName;
        if (BetaBaseUrl() is not { } beta)
        {
            return await ResolveOnV1Async(key, $"the Graph base URL {graph.RequestAdapter.BaseUrl} does not end in /v1.0, so its beta surface is not known", cancellationToken).ConfigureAwait(false);
        }

        string? unreadable;
        try
        {
            var read = await retry.ExecuteAsync("GET beta user", async ct =>
            {
                try
                {
                    var stream = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(UserRequest(key, beta, LinkedUserSelect), ErrorMapping, ct).ConfigureAwait(false);
                    if (stream is null)
                    {
                        return (User: (CloudUser?)null, Link: ObjectIdentifierRead.Unreadable("Graph beta answered an empty body"));
                    }

                    await using (stream.ConfigureAwait(false))
                    {
                        using var reader = new StreamReader(stream);
                        var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                        var user = await KiotaJsonSerializer.DeserializeAsync(body, User.CreateFromDiscriminatorValue, ct).ConfigureAwait(false);
                        return (User: user?.Id is null ? null : ToCloudUser(user), Link: LinkOf(body));
                    }
                }
                catch (ODataError error) when (error.ResponseStatusCode is 404 or 400)
                {
                    return (User: (CloudUser?)null, Link: ObjectIdentifierRead.Unreadable($"Graph beta answered {error.ResponseStatusCode}"));
                }
            }, cancellationToken).ConfigureAwait(false);
            if (read.User is { } found)
            {
                if (!read.Link.WasRead)
                {
                    EntraLog.BetaUnreadable(logger, read.Link.Reason ?? "unknown");
                }

                return new CloudUserResolution(found with { OnPremisesObjectIdentifier = read.Link.Value }, read.Link);
            }

            // Beta said no such user (or said nothing usable): v1.0 has the last word on whether the user exists.
            unreadable = read.Link.Reason ?? "Graph beta did not return the user";
        }
        catch (ODataError error)
        {
            unreadable = error.ResponseStatusCode switch
            {
                401 or 403 => $"Graph beta refused it ({error.ResponseStatusCode} {error.Error?.Code}): the identity needs User.Read.All on the beta endpoint",
                _ => $"Graph beta answered {error.ResponseStatusCode} {error.Error?.Code}",
            };
        }
        catch (ApiException error)
        {
            unreadable = $"Graph beta answered {error.ResponseStatusCode}";
        }
        catch (JsonException)
        {
            unreadable = "Graph beta answered a body that is not JSON";
        }
        catch (EntraDirectoryException error)
        {
            unreadable = $"Graph beta was {(error.Failure == EntraFailure.Throttled ? "throttling" : "unavailable")} beyond the retry budget";
        }

        return await ResolveOnV1Async(key, unreadable, cancellationToken).ConfigureAwait(false);
    }

    // The v1.0 facts stand when beta cannot answer; the link is then unknown, never "not set".
    private async Task<CloudUserResolution> ResolveOnV1Async(string key, string whyUnreadable, CancellationToken cancellationToken)
    {
        var user = await GetUserAsync(key, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return CloudUserResolution.NotFound;
        }

        EntraLog.BetaUnreadable(logger, whyUnreadable);
        return new CloudUserResolution(user, ObjectIdentifierRead.Unreadable(whyUnreadable));
    }

    private static ObjectIdentifierRead LinkOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("onPremisesObjectIdentifier", out var value))
        {
            return ObjectIdentifierRead.Unreadable("Graph beta did not return the property onPremisesObjectIdentifier");
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => ObjectIdentifierRead.Answered(null),
            JsonValueKind.String => ObjectIdentifierRead.Answered(value.GetString()),
            _ => ObjectIdentifierRead.Unreadable("Graph beta returned onPremisesObjectIdentifier in an unexpected form"),
        };
    }

    public async Task<CloudPreflight> GetFactsAsync(CloudUserResolution resolved, string? immutableId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        if (resolved.User is not { } user)
        {
            return new CloudPreflight(null, DomainAuthentication.Unknown, [], [], resolved.ObjectIdentifier);
        }

        var steps = new Dictionary<string, RequestInformation>(StringComparer.Ordinal)
        {
            // Memberships transitively: the role-assignable groups whose roles reach the user, and the directoryRole
            // objects of its active roles (kept as a fail-safe below); one page of 999 covers every realistic user.
            ["memberOf"] = WithPriority(Query(graph.Users[user.Id].TransitiveMemberOf.ToGetRequestInformation(), (Top, 999), (Select, MemberOfSelect))),
            ["active:user"] = RoleAssignmentsRequest(user.Id),
            ["eligible:user"] = EligibilitiesRequest(user.Id),
        };
        if (immutableId is not null)
        {
            steps["holders"] = HoldersRequest(immutableId);
        }

        var domain = user.UpnDomain;
        var domainCached = domains.TryGet(domain, out var authentication);
        if (!domainCached)
        {
            steps["domain"] = DomainRequest(domain);
        }

        var results = await BatchAsync("facts", steps, cancellationToken).ConfigureAwait(false);
        var holders = immutableId is null ? [] : await HoldersAsync(results["holders"], user.Id, cancellationToken).ConfigureAwait(false);
        if (!domainCached)
        {
            authentication = await DomainAsync(results["domain"], cancellationToken).ConfigureAwait(false);
            domains.Store(domain, authentication);
        }

        ThrowOnRefusal(results["memberOf"], "read group memberships", "User.Read.All", allowed: []);
        var memberOf = (await ParseAsync(results["memberOf"], DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false)).Value ?? [];
        var roleGroups = memberOf.OfType<Group>().Where(g => g.IsAssignableToRole == true && g.Id is not null).Select(g => g.Id!).ToList();

        // The roles of role-assignable groups: known only once the memberships are, so a second round trip, for the few
        // users in such groups (v1.0 has no transitive role listing; the beta one must not be what blocks a privileged target).
        foreach (var chunk in roleGroups.Chunk(GraphBatch.MaxSteps / 2))
        {
            var groupSteps = new Dictionary<string, RequestInformation>(StringComparer.Ordinal);
            foreach (var group in chunk)
            {
                groupSteps[$"active:{group}"] = RoleAssignmentsRequest(group);
                groupSteps[$"eligible:{group}"] = EligibilitiesRequest(group);
            }

            foreach (var (id, result) in await BatchAsync("facts (group roles)", groupSteps, cancellationToken).ConfigureAwait(false))
            {
                results[id] = result;
            }
        }

        var roles = new List<RoleHolding>();
        foreach (var (id, result) in results.Where(r => r.Key.StartsWith("active:", StringComparison.Ordinal) || r.Key.StartsWith("eligible:", StringComparison.Ordinal)))
        {
            ThrowOnRefusal(result, "read directory roles", "RoleManagement.Read.Directory", allowed: []);
            var principal = id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var group = principal == "user" ? null : principal;
            var eligible = id.StartsWith("eligible:", StringComparison.Ordinal);
            var kind = group is not null ? RoleHoldingKind.ViaGroup : eligible ? RoleHoldingKind.Eligible : RoleHoldingKind.Active;
            if (eligible)
            {
                var page = await ParseAsync(result, UnifiedRoleEligibilityScheduleInstanceCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                roles.AddRange((page.Value ?? []).Where(r => r.RoleDefinitionId is not null).Select(r => new RoleHolding(r.RoleDefinitionId!, r.RoleDefinition?.DisplayName, kind, group)));
            }
            else
            {
                var page = await ParseAsync(result, UnifiedRoleAssignmentCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                roles.AddRange((page.Value ?? []).Where(r => r.RoleDefinitionId is not null).Select(r => new RoleHolding(r.RoleDefinitionId!, r.RoleDefinition?.DisplayName, kind, group)));
            }
        }

        // Active roles Graph lists as directoryRole memberships but that no assignment above explained: keep them (fail safe).
        foreach (var role in memberOf.OfType<DirectoryRole>().Where(r => r.RoleTemplateId is not null))
        {
            if (!roles.Any(r => string.Equals(r.RoleDefinitionId, role.RoleTemplateId, StringComparison.OrdinalIgnoreCase)))
            {
                roles.Add(new RoleHolding(role.RoleTemplateId!, role.DisplayName, RoleHoldingKind.Active));
            }
        }

        return new CloudPreflight(user, authentication, holders, roles, resolved.ObjectIdentifier);
    }

    // The beta root beside the configured v1.0 one, or null when the base URL is not a v1.0 root.
    private string? BetaBaseUrl()
    {
        var baseUrl = graph.RequestAdapter.BaseUrl?.TrimEnd('/') ?? string.Empty;
        return baseUrl.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase) ? baseUrl[..^"v1.0".Length] + "beta" : null;
    }

    public async Task<EntraWriteResult> SetImmutableIdAsync(string userId, string? immutableId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);

        try
        {
            return await retry.ExecuteAsync("PATCH user", async ct =>
            {
                // A new body for every attempt: the SDK serialises only the properties its backing store marks changed
                // and clears those marks once a body is sent, so a body reused after a 429/5xx/drop would go out as {}
                // and Graph would answer 204 to a write that carried nothing. Assigning the property (null included)
                // marks it changed, so null goes out as an explicit JSON null and clears the value.
                var body = new User { OnPremisesImmutableId = immutableId };
                var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
                try
                {
                    await graph.Users[userId].PatchAsync(body, r => r.Options.Add(headers), ct).ConfigureAwait(false);
                    return new EntraWriteResult(
                        EntraWriteStatus.Succeeded,
                        GraphHeaders.Value(headers.ResponseHeaders, "request-id"),
                        ThrottleLimitPercentage: LimitPercentage(headers.ResponseHeaders));
                }
                catch (ODataError error) when (error.ResponseStatusCode is not (429 or 500 or 502 or 503 or 504))
                {
                    var result = GraphWriteErrors.Map(error);
                    EntraLog.WriteRefused(logger, userId, result.Status.ToString(), error.Error?.Code, result.RequestId);
                    return result;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EntraDirectoryException ex) when (ex.Failure is EntraFailure.Throttled or EntraFailure.Unavailable)
        {
            return new EntraWriteResult(ex.Failure == EntraFailure.Throttled ? EntraWriteStatus.Throttled : EntraWriteStatus.Unavailable, Message: ex.Message, RetryAfter: ex.RetryAfter);
        }
    }

    /// <summary>Graph's <c>x-ms-throttle-limit-percentage</c> (how much of the app's limit is in use, sent above 80 %), or null.</summary>
    internal static double? LimitPercentage(IDictionary<string, IEnumerable<string>> headers)
    {
        var value = GraphHeaders.Value(headers, "x-ms-throttle-limit-percentage");
        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percentage) && percentage is >= 0 and <= 1000
            ? percentage
            : null;
    }

    /// <summary>Sends <paramref name="steps"/> as <c>$batch</c> (retrying only throttled or unavailable steps); answers every step's result.</summary>
    private async Task<Dictionary<string, BatchStepResult>> BatchAsync(string operation, Dictionary<string, RequestInformation> steps, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, BatchStepResult>(StringComparer.Ordinal);
        await retry.ExecuteAsync(operation, async ct =>
        {
            var answers = await GraphBatch.SendAsync(graph, steps.Where(s => !done.ContainsKey(s.Key)), ct).ConfigureAwait(false);
            TransientGraphException? transient = null;
            foreach (var (id, answer) in answers)
            {
                if (!steps.ContainsKey(id))
                {
                    continue;
                }

                if (answer.Status is 429 or 500 or 502 or 503 or 504)
                {
                    var failure = answer.Status == 429 ? EntraFailure.Throttled : EntraFailure.Unavailable;
                    if (transient is null || (answer.RetryAfter ?? TimeSpan.Zero) > (transient.RetryAfter ?? TimeSpan.Zero))
                    {
                        transient = new TransientGraphException(failure, answer.Status, answer.RetryAfter);
                    }

                    continue;
                }

                done[id] = answer;
            }

            if (transient is null && steps.Keys.FirstOrDefault(k => !done.ContainsKey(k)) is { } missing)
            {
                // Graph answered the batch but not this step: read it as unavailable and ask again.
                transient = new TransientGraphException(EntraFailure.Unavailable, 502, null);
            }

            return transient is null ? true : throw transient;
        }, cancellationToken).ConfigureAwait(false);
        return done;
    }

    private RequestInformation UserRequest(string key) => UserRequest(key, null, UserSelect);

    // GET users/{key}?$select=…, on the configured root or on another one (beta) given as baseUrl.
    private RequestInformation UserRequest(string key, string? baseUrl, string[] select)
    {
        RequestInformation request;
        if (!key.StartsWith('$'))
        {
            request = Query(graph.Users[key].ToGetRequestInformation(), (Select, select));
        }
        else
        {
            // A UPN starting with '$' must use the users('…') form (quotes doubled) or Graph reads it as a system segment.
            request = new RequestInformation { HttpMethod = Method.GET };
            request.URI = new Uri($"{graph.RequestAdapter.BaseUrl}/users('{Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal))}')?$select={string.Join(',', select)}");
            request.Headers.Add("Accept", "application/json");
        }

        if (baseUrl is not null)
        {
            // The request adapter sets every templated request's root to its own (v1.0): address another root with the
            // built URL itself, still encoded exactly as Kiota's template encoded it.
            var root = graph.RequestAdapter.BaseUrl!.TrimEnd('/');
            var url = request.URI.AbsoluteUri;
            request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(baseUrl.TrimEnd('/') + url[root.Length..]) };
            request.Headers.Add("Accept", "application/json");
        }

        return WithPriority(request);
    }

    private RequestInformation DomainRequest(string domain) => WithPriority(graph.Domains[domain].ToGetRequestInformation());

    private RequestInformation HoldersRequest(string immutableId)
    {
        var info = Query(
            graph.Users.ToGetRequestInformation(),
            (Filter, $"onPremisesImmutableId eq '{immutableId.Replace("'", "''", StringComparison.Ordinal)}'"),
            (Count, true),
            (Select, HolderSelect),
            (Top, 10));
        info.Headers.Add("ConsistencyLevel", "eventual");
        return WithPriority(info);
    }

    private RequestInformation RoleAssignmentsRequest(string principalId) =>
        WithPriority(Query(
            graph.RoleManagement.Directory.RoleAssignments.ToGetRequestInformation(),
            (Filter, $"principalId eq '{principalId}'"),
            (Expand, RoleDefinitionExpand)));

    private RequestInformation EligibilitiesRequest(string principalId) =>
        WithPriority(Query(
            graph.RoleManagement.Directory.RoleEligibilityScheduleInstances.ToGetRequestInformation(),
            (Filter, $"principalId eq '{principalId}'"),
            (Expand, RoleDefinitionExpand)));

    /// <summary>
    /// Sets OData query options by their URL-template names. The SDK's <c>ToGetRequestInformation(r =&gt;
    /// r.QueryParameters…)</c> reads the query class's attributes by reflection on every call
    /// (<c>RequestInformation.AddQueryParameters</c>), which a CPU profile of a status call under load put at about a
    /// third of the host's time in the preflight; the URL it builds is the same (<c>GraphEntraDirectoryQueryTests</c>).
    /// </summary>
    internal static RequestInformation Query(RequestInformation info, params ReadOnlySpan<(string Name, object Value)> options)
    {
        foreach (var (name, value) in options)
        {
            info.QueryParameters[name] = value;
        }

        return info;
    }

    // The client's handler stamps the requests it sends; a $batch step is inside the body, so it carries the priority
    // itself — this client's, so a bulk item's steps say low like its other requests.
    private RequestInformation WithPriority(RequestInformation info)
    {
        info.Headers.TryAdd(Priority, priority);
        return info;
    }

    private async Task<List<CloudUserReference>> HoldersAsync(BatchStepResult result, string? exceptUserId, CancellationToken cancellationToken)
    {
        ThrowOnRefusal(result, "query users by onPremisesImmutableId", "User.Read.All", allowed: []);
        var page = await ParseAsync(result, UserCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
        return (page.Value ?? [])
            .Where(u => u.Id is not null && !string.Equals(u.Id, exceptUserId, StringComparison.OrdinalIgnoreCase))
            .Select(u => new CloudUserReference(u.Id!, u.UserPrincipalName))
            .ToList();
    }

    private async Task<DomainAuthentication> DomainAsync(BatchStepResult result, CancellationToken cancellationToken)
    {
        if (result.Status == 404)
        {
            return DomainAuthentication.Unknown;
        }

        ThrowOnRefusal(result, "read domains", "Domain.Read.All", allowed: []);
        var domain = await ParseAsync(result, Domain.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
        return domain.AuthenticationType?.ToUpperInvariant() switch
        {
            "MANAGED" => DomainAuthentication.Managed,
            "FEDERATED" => DomainAuthentication.Federated,
            _ => DomainAuthentication.Unknown,
        };
    }

    /// <summary>Throws for a step Graph refused (403 → Forbidden naming the permission; other errors → Unavailable).</summary>
    private void ThrowOnRefusal(BatchStepResult result, string what, string permission, int[] allowed)
    {
        if (result.Status < 300 || allowed.Contains(result.Status))
        {
            return;
        }

        var code = ErrorCode(result.Body);
        EntraLog.ReadRefused(logger, what, result.Status, code);
        throw result.Status is 401 or 403
            ? new EntraDirectoryException(EntraFailure.Forbidden, $"Microsoft Graph refused to {what} ({result.Status} {code}): the identity needs the application permission {permission}.")
            : new EntraDirectoryException(EntraFailure.Unavailable, $"Microsoft Graph could not {what} ({result.Status} {code}).");
    }

    private static EntraDirectoryException Forbidden(ODataError error, string what, string permission) =>
        new(EntraFailure.Forbidden, $"Microsoft Graph refused to {what} ({error.ResponseStatusCode} {error.Error?.Code}): the identity needs the application permission {permission}.", innerException: error);

    private static string? ErrorCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<T> ParseAsync<T>(BatchStepResult result, ParsableFactory<T> factory, CancellationToken cancellationToken)
        where T : IParsable =>
        await KiotaJsonSerializer.DeserializeAsync(result.Body, factory, cancellationToken).ConfigureAwait(false)
        ?? throw new EntraDirectoryException(EntraFailure.Unavailable, "Microsoft Graph answered an empty body.");

    private static CloudUser ToCloudUser(User user) => new(
        user.Id ?? string.Empty,
        user.UserPrincipalName ?? string.Empty,
        user.DisplayName,
        user.Mail,
        user.UserType,
        user.AccountEnabled,
        user.OnPremisesImmutableId,
        user.OnPremisesSyncEnabled,
        user.AdditionalData.TryGetValue("onPremisesObjectIdentifier", out var objectIdentifier) ? objectIdentifier?.ToString() : null,
        user.OnPremisesDistinguishedName,
        user.OnPremisesLastSyncDateTime);

    /// <summary>Graph's error bodies as <see cref="ODataError"/> (every status), for raw requests through the request adapter.</summary>
    internal static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

}
