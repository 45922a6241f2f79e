using System.Globalization;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Jobs;

/// <summary>
/// The jobs API: <c>POST /api/jobs</c> (202 + Location), <c>GET /api/jobs</c> (the caller's jobs),
/// <c>GET /api/jobs/{id}</c>, <c>GET /api/jobs/{id}/status</c> (202 until the job ends), <c>GET /api/jobs/{id}/items</c> (JSON, paged, <c>?outcome=&amp;code=</c>),
/// <c>GET /api/jobs/{id}/items.csv</c> (every item: the readiness report) and <c>DELETE /api/jobs/{id}</c> (cancel).
/// Every route needs ImmutableId.Read; a set job also needs ImmutableId.Write and a clear job ImmutableId.Clear.
/// A job is visible only to the app and principal that submitted it.
/// </summary>
public sealed partial class JobsHandler(
    JobService jobs,
    CandidateDiscovery discovery,
    IJobStore store,
    IWriteBudget budget,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobsHandler> logger)
{
    private const int MaxListed = 50;

    /// <summary>Validates the whole input, stores the job and queues its users; 202 with the job, or a problem listing every offending row.</summary>
    /// <param name="input">The job as sent (JSON, or CSV with its fields in the query string), bound by the endpoint.</param>
    /// <param name="respondAsync">True when the caller sent <c>Prefer: respond-async</c>: Location is then the status monitor.</param>
    /// <param name="caller">The caller the auth step admitted.</param>
    /// <param name="http">The request, for its problem details and the job's links.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    internal async Task<ApiAnswer<JobView>> SubmitAsync(JobInput input, bool respondAsync, ApiCaller caller, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(http);
        var context = http;
        var request = http.Request;

        // The same role as one user's call (dry runs included); assess writes nothing and needs only Read.
        var role = input.Operation switch
        {
            JobOperation.Set => AppRoles.Write,
            JobOperation.Clear => AppRoles.Clear,
            _ => AppRoles.Read,
        };
        if (!caller.Roles.Contains(role))
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status403Forbidden, ProblemCodes.InsufficientRole, "Role missing",
                $"A {input.Operation.ToString().ToLowerInvariant()} job runs the single-user call for each user. " + ApiAuthorizer.MissingRoleDetail(caller, role)));
        }

        var rows = input.Rows;
        if (input.Discover)
        {
            var (found, refused) = await DiscoverAsync(context, caller.Scope, cancellationToken).ConfigureAwait(false);
            if (refused is not null)
            {
                return Refused(refused);
            }

            rows = found!;
        }

        Job? job;
        IReadOnlyList<JobRowError> errors;
        try
        {
            (job, errors) = await jobs.SubmitAsync(
                new JobSubmission(input.Operation, rows, input.DryRun, input.Source, input.Ticket, input.Reason, caller.Identity, caller.Scope),
                cancellationToken).ConfigureAwait(false);
        }
        catch (JobNotQueuedException ex)
        {
            LogNotQueued(logger, ex.JobId, ex.Cancelled, ex.InnerException?.Message);
            return Refused(new RetryAfterResult(ApiProblem.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.StorageUnavailable, "Job not queued",
                ex.Cancelled
                    ? $"The job {ex.JobId:D} was stored but the queue failed, so it was cancelled: none of its users will run. Send the job again after Retry-After seconds."
                    : $"The job {ex.JobId:D} was stored but the queue failed, and cancelling it failed too: cancel it (DELETE /api/jobs/{ex.JobId:D}) before sending it again.",
                new Dictionary<string, object?> { ["jobId"] = ex.JobId, ["cancelled"] = ex.Cancelled }), 30));
        }

        if (job is null)
        {
            return Refused(JobInputReader.Invalid(context, errors.Any(e => e.Code == "TooManyUsers") ? errors[0].Detail : "Some users are invalid or named twice.", errors));
        }

        LogAccepted(logger, job.Id, job.Operation, job.Total, job.DryRun, caller.Identity.AppId);
        var view = await ViewAsync(request, job, cancellationToken).ConfigureAwait(false);
        if (respondAsync)
        {
            // RFC 7240 respond-async (what the Power Automate connector sends): Location is the status monitor, which
            // answers 202 until the job ends, so the submitting action itself waits for the end.
            return ApiAnswer<JobView>.Accepted(view, StatusLocation(request, job.Id), StatusRetryAfter).WithHeader(PreferenceAppliedHeader, RespondAsync);
        }

        return ApiAnswer<JobView>.Accepted(view, view.Links.Self);
    }

    /// <summary>
    /// The job as a status monitor (Power Automate's and Logic Apps' asynchronous pattern): 202 with Location (this URL)
    /// and Retry-After while the job is queued or running, 200 with the job once it is completed, cancelled or failed.
    /// </summary>
    /// <param name="job">The caller's job (<see cref="FindAsync"/>).</param>
    /// <param name="http">The request, for the job's links.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobView>> StatusAsync(Job job, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(http);
        var view = await ViewAsync(http.Request, job, cancellationToken).ConfigureAwait(false);
        return job.IsFinished
            ? view
            : ApiAnswer<JobView>.Accepted(view, StatusLocation(http.Request, job.Id), StatusRetryAfter);
    }

    /// <summary>The <c>Prefer</c> token that asks <c>POST /api/jobs</c> for the status monitor as Location (RFC 7240).</summary>
    public const string RespondAsync = "respond-async";

    // Seconds between polls of the status monitor: a job runs for minutes at Graph's write budget.
    private const int StatusRetryAfter = 10;

    private const string PreferenceAppliedHeader = "Preference-Applied";

    /// <summary>True when the <c>Prefer</c> header's values (RFC 7240) hold <see cref="RespondAsync"/>.</summary>
    internal static bool PrefersRespondAsync(IEnumerable<string?> prefer) =>
        prefer.SelectMany(v => (v ?? string.Empty).Split(','))
            .Any(p => p.Split(';')[0].Trim().Equals(RespondAsync, StringComparison.OrdinalIgnoreCase));

    private static string StatusLocation(HttpRequest request, Guid jobId) =>
        ApiLinks.Absolute(request, $"/{ApiRoutes.Prefix}/jobs/{jobId:D}/status");

    /// <summary>
    /// An assess job without users: the candidates, listed from the tenant (<see cref="CandidateDiscovery"/>) within the
    /// policy and the caller's scope; a problem when Graph cannot be listed or there are more than a job holds.
    /// </summary>
    private async Task<(IReadOnlyList<JobRow>? Rows, IResult? Problem)> DiscoverAsync(HttpContext context, Core.Scopes.DirectoryScope callerScope, CancellationToken cancellationToken)
    {
        CandidateList found;
        try
        {
            found = await discovery.DiscoverAsync(callerScope, Job.MaxItems, cancellationToken).ConfigureAwait(false);
        }
        catch (Core.Entra.EntraDirectoryException ex)
        {
            LogDiscoveryFailed(logger, ex.Failure.ToString(), ex.Message);
            if (ex.Failure == Core.Entra.EntraFailure.Forbidden)
            {
                return (null, ApiProblem.Create(context, StatusCodes.Status502BadGateway, nameof(Core.HardMatch.GuardrailCode.UpstreamError), "Cannot list users",
                    ex.Message + " Nothing was queued; grant the permission, or send the users to assess."));
            }

            var seconds = (int)Math.Ceiling(Math.Clamp((ex.RetryAfter ?? TimeSpan.FromSeconds(30)).TotalSeconds, 1, 3600));
            var code = ex.Failure == Core.Entra.EntraFailure.Throttled ? nameof(Core.HardMatch.GuardrailCode.Throttled) : nameof(Core.HardMatch.GuardrailCode.UpstreamUnavailable);
            return (null, new RetryAfterResult(ApiProblem.Create(context, StatusCodes.Status503ServiceUnavailable, code, "Cannot list users now",
                ex.Message + " Nothing was queued; send the job again after Retry-After seconds."), seconds));
        }

        if (found.Truncated)
        {
            return (null, JobInputReader.Invalid(context,
                $"More than {Job.MaxItems:N0} candidates (users read so far: {found.Scanned:N0}): one job holds at most {Job.MaxItems:N0}.",
                [new JobRowError(Job.MaxItems + 1, "TooManyUsers", $"Discovery found more than {Job.MaxItems:N0} candidates. Send the users to assess in several jobs (e.g. one per UPN domain), or call with a caller scope limited to fewer domains.")]));
        }

        LogDiscovered(logger, found.UserPrincipalNames.Count, found.Scanned);
        return (found.UserPrincipalNames.Select((upn, i) => new JobRow(i, upn)).ToList(), null);
    }

    /// <summary>The caller's jobs, newest first (at most 50).</summary>
    /// <param name="caller">The caller the auth step admitted: only its own jobs are listed.</param>
    /// <param name="http">The request, for the jobs' links.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobList>> ListAsync(ApiCaller caller, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var list = await store.ListAsync(caller.Identity.ScopeKey, MaxListed, cancellationToken).ConfigureAwait(false);
        var views = new List<JobView>(list.Count);
        foreach (var job in list)
        {
            views.Add(await ViewAsync(request, job, cancellationToken).ConfigureAwait(false));
        }

        return new JobList(views);
    }

    /// <summary>One job with its progress.</summary>
    /// <param name="job">The caller's job (<see cref="FindAsync"/>).</param>
    /// <param name="http">The request, for the job's links.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobView>> GetAsync(Job job, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(http);
        return await ViewAsync(http.Request, job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the job: no user that has not started will start; users in flight finish. Answers the job.</summary>
    /// <param name="job">The caller's job (<see cref="FindAsync"/>).</param>
    /// <param name="http">The request, for the job's links.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobView>> CancelAsync(Job job, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(http);
        var cancelled = await jobs.CancelAsync(job.Id, cancellationToken).ConfigureAwait(false) ?? job;
        LogCancelled(logger, job.Id, cancelled.State);
        return await ViewAsync(http.Request, cancelled, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job's items as JSON, one page at a time, filtered by <c>outcome</c> (status) and <c>code</c>.</summary>
    /// <param name="job">The caller's job (<see cref="FindAsync"/>).</param>
    /// <param name="query">The filters and page, bound from the query string.</param>
    /// <param name="nextLink">The absolute link to the page after, for a continuation token.</param>
    /// <param name="http">The request, for its problem details only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobItemPageView>> ListItemsAsync(Job job, JobItemQuery query, Func<string, string> nextLink, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(nextLink);
        ArgumentNullException.ThrowIfNull(http);
        JobItemPage page;
        try
        {
            page = await store.ListItemsAsync(job.Id, query, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException) when (query.ContinuationToken is not null)
        {
            return Refused<JobItemPageView>(ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.InvalidContinuationToken, "Invalid continuation token",
                "The continuationToken is not one this API issued; start again without it."));
        }

        var next = page.ContinuationToken is null ? null : nextLink(page.ContinuationToken);

        return new JobItemPageView(page.Items.Select(i => View(job, i)).ToList(), page.ContinuationToken, next);
    }

    /// <summary>Every item as CSV (user, cloud id, AD DN, anchor, outcome, codes, operation id…), filtered like the JSON list.</summary>
    /// <param name="job">The caller's job (<see cref="FindAsync"/>).</param>
    /// <param name="query">The filters, bound from the query string (its page is ignored: the CSV holds every item).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobItemsCsv>> ItemsCsvAsync(Job job, JobItemQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(query);
        var csv = new StringBuilder("index,user,status,codes,cloudId,onPremDistinguishedName,anchor,operationId,ticket,attempts,completedAt,detail\r\n");
        var next = query with { PageSize = JobItemQuery.MaxPageSize, ContinuationToken = null };
        do
        {
            var page = await store.ListItemsAsync(job.Id, next, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items.Select(i => View(job, i)))
            {
                csv.Append(item.Index.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(CsvReader.Field(item.User, callerText: true)).Append(',')
                    .Append(item.Status).Append(',')
                    .Append(CsvReader.Field(string.Join(';', item.Codes))).Append(',')
                    .Append(CsvReader.Field(item.CloudId)).Append(',')
                    .Append(CsvReader.Field(item.OnPremDistinguishedName, callerText: true)).Append(',')
                    .Append(CsvReader.Field(item.Anchor)).Append(',')
                    .Append(item.OperationId?.ToString("D")).Append(',')
                    .Append(CsvReader.Field(item.Ticket, callerText: true)).Append(',')
                    .Append(item.Attempts.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(item.CompletedAt?.ToString("O", CultureInfo.InvariantCulture)).Append(',')
                    .Append(CsvReader.Field(item.Detail, callerText: true)).Append("\r\n");
            }

            next = page.ContinuationToken is null ? null : next with { ContinuationToken = page.ContinuationToken };
        }
        while (next is not null);

        return new JobItemsCsv(csv.ToString());
    }

    /// <summary>The readiness report as one self-contained HTML page (<see cref="JobReportPage"/>): every item, whatever the job's state.</summary>
    /// <param name="job">The caller's job (<see cref="FindAsync"/>).</param>
    /// <param name="http">The request, for the job's links.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<JobReportHtml>> ReportAsync(Job job, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(http);
        var view = await ViewAsync(http.Request, job, cancellationToken).ConfigureAwait(false);
        var items = new List<JobItemView>(job.Total);
        var next = new JobItemQuery(null, null, JobItemQuery.MaxPageSize, null);
        do
        {
            var page = await store.ListItemsAsync(job.Id, next, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items.Select(i => View(job, i)));
            next = page.ContinuationToken is null ? null : next with { ContinuationToken = page.ContinuationToken };
        }
        while (next is not null);

        return ApiAnswer<JobReportHtml>.Ok(new JobReportHtml(JobReportPage.Render(view, items, time.GetUtcNow())))
            .WithHeader("Content-Security-Policy", JobReportPage.ContentSecurityPolicy);
    }

    /// <summary>
    /// The caller's job <paramref name="jobId"/>, or the 404 answering it: only the submitting app and principal see a
    /// job; anyone else gets 404 (a job id reveals nothing).
    /// </summary>
    /// <param name="jobId">The job's id, bound from the route.</param>
    /// <param name="caller">The caller the auth step admitted.</param>
    /// <param name="http">The request, for its problem details only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<(Job? Job, IResult? Problem)> FindAsync(Guid jobId, ApiCaller caller, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(http);
        var job = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.Owner.ScopeKey != caller.Identity.ScopeKey)
        {
            return (null, ApiProblem.Create(http, StatusCodes.Status404NotFound, ProblemCodes.JobNotFound, "Job not found",
                $"You have no job with the id {jobId}. List your jobs with GET /api/jobs."));
        }

        return (job, null);
    }

    private async Task<JobView> ViewAsync(HttpRequest request, Job job, CancellationToken cancellationToken)
    {
        var counts = await store.CountAsync(job.Id, cancellationToken).ConfigureAwait(false);
        var budgetState = await budget.ReadAsync(cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var paused = budgetState.PausedUntil is { } until && until > now ? until : (DateTimeOffset?)null;
        var state = job.State == JobState.Running && paused is not null ? "paused" : Camel(job.State.ToString());
        double? rate = null;
        DateTimeOffset? eta = null;
        if (job.StartedAt is { } started && counts.Done > 0)
        {
            var end = job.IsFinished ? job.EndedAt ?? counts.LastCompletedAt ?? now : now;
            var seconds = (end - started).TotalSeconds;
            if (seconds > 0)
            {
                rate = Math.Round(counts.Done / seconds, 2);
                if (!job.IsFinished && rate > 0)
                {
                    eta = now + TimeSpan.FromSeconds((job.Total - counts.Done) / rate.Value);
                }
            }
        }

        var self = $"{request.PathBase}/{ApiRoutes.Prefix}/jobs/{job.Id:D}";
        return new JobView(
            job.Id,
            Camel(job.Operation.ToString()),
            state,
            job.DryRun,
            Camel(job.Source.ToString()),
            job.Ticket,
            job.Reason,
            job.Total,
            counts.Done,
            counts.ByStatus.ToDictionary(p => Camel(p.Key.ToString()), p => p.Value),
            counts.ByCode,
            rate,
            eta,
            new WriteBudgetView(Math.Round(settings.WritesPerSecond, 2), Math.Round(Math.Clamp(100 * (1 - (budgetState.Tokens / settings.WriteBurst)), 0, 100), 1), paused),
            job.CreatedAt,
            job.StartedAt,
            job.EndedAt,
            new JobLinks(self, self + "/items", self + "/items.csv", self + "/report"));
    }

    private static JobItemView View(Job job, JobItem item) => new(
        item.Index,
        item.User,
        Camel(item.Status.ToString()),
        item.CodeList,
        item.CloudId,
        item.OnPremDistinguishedName,
        item.Anchor,
        item.OperationId,
        item.Ticket ?? job.Ticket,
        item.Detail,
        item.Attempts,
        item.CompletedAt);

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static ApiAnswer<JobView> Refused(IResult problem) => Refused<JobView>(problem);

    private static ApiAnswer<T> Refused<T>(IResult problem)
        where T : class => ApiAnswer<T>.Refused(problem);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Job {JobId} accepted: {Operation} of {Total} user(s), dry run {DryRun}, caller {AppId}")]
    private static partial void LogAccepted(ILogger logger, Guid jobId, JobOperation operation, int total, bool dryRun, string appId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Job {JobId} cancel requested; state {State}")]
    private static partial void LogCancelled(ILogger logger, Guid jobId, JobState state);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Job {JobId} was stored but could not be queued (cancelled: {Cancelled}): {Reason}")]
    private static partial void LogNotQueued(ILogger logger, Guid jobId, bool cancelled, string? reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Assess discovery: {Candidates} candidate(s) among {Scanned} user(s) read")]
    private static partial void LogDiscovered(ILogger logger, int candidates, int scanned);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Assess discovery could not list users ({Failure}): {Reason}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string failure, string reason);
}
