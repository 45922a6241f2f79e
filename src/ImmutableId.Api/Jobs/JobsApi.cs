using System.Globalization;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Jobs;

/// <summary>The Jobs feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class JobsApi
{
    /// <summary><c>POST</c> a bulk job (set, clear, assess); <c>GET</c> the caller's jobs.</summary>
    public const string Route = "jobs";

    /// <summary><c>GET</c> one job with its progress; <c>DELETE</c> cancels it.</summary>
    public const string JobRoute = "jobs/{id}";

    /// <summary><c>GET</c> a job's items as JSON, paged, filtered by <c>outcome</c> and <c>code</c>.</summary>
    public const string ItemsRoute = "jobs/{id}/items";

    /// <summary><c>GET</c> all of a job's items as CSV (the readiness report).</summary>
    public const string ItemsCsvRoute = "jobs/{id}/items.csv";

    /// <summary><c>GET</c> a job for Power Automate's asynchronous pattern: 202 + Location + Retry-After while it runs, 200 with the job once it ended.</summary>
    public const string StatusRoute = "jobs/{id}/status";

    /// <summary><c>GET</c> a job's readiness report as one self-contained HTML page.</summary>
    public const string ReportRoute = "jobs/{id}/report";

    internal static readonly ApiParameterDescription JobIdParameter = new(
        "id", ApiParameterLocation.Path, typeof(Guid), true, "Job ID", "The job id returned by POST /api/jobs.", "important");

    internal static readonly ApiParameterDescription OutcomeParameter = new("outcome", ApiParameterLocation.Query, typeof(string), false, "Outcome",
        "Only users with this status: queued, running, succeeded, noChange, planned, refused, failed or cancelled.", "important");

    internal static readonly ApiParameterDescription CodeParameter = new("code", ApiParameterLocation.Query, typeof(string), false, "Code",
        "Only users with this guardrail code, e.g. PrivilegedTarget.", "important", MaxLength: 64);

    internal static readonly ApiParameterDescription[] JobItemFilters = [OutcomeParameter, CodeParameter];

    internal static readonly ApiParameterDescription PageSizeParameter = new("pageSize", ApiParameterLocation.Query, typeof(int), false, "Page Size",
        "Users per page (default 100).", "advanced", Minimum: 1, Maximum: 1000);

    internal static readonly ApiParameterDescription ContinuationTokenParameter = new("continuationToken", ApiParameterLocation.Query, typeof(string), false,
        "Continuation Token", "The previous page's continuationToken.", "internal");

    internal static readonly ApiParameterDescription PreferParameter = new("Prefer", ApiParameterLocation.Header, typeof(string), false, "Prefer",
        "respond-async: Location is GET /api/jobs/{id}/status, which answers 202 until the job ends (Power Automate's asynchronous pattern: the action waits for the end).",
        "internal");

    internal static readonly ApiResponseDescription[] JobLookupProblems =
    [
        new(400, "The job id is not a GUID, or a filter is not valid.", ProblemCodes: [ProblemCodes.InvalidJobId, ProblemCodes.InvalidRequest, ProblemCodes.InvalidContinuationToken]),
        new(404, "You have no job with this id (a job is visible only to the app and principal that submitted it).", ProblemCodes: [ProblemCodes.JobNotFound]),
    ];
    /// <summary><c>POST</c> SubmitJob.</summary>
    public static ApiEndpoint<JobsHandler> Submit { get; } = ApiEndpoint.Answering<JobsHandler, JobView>(
        new ApiOperationDescription(
            "POST", JobsApi.Route, "SubmitJob", ApiDescription.BulkJobs,
            "Submit a bulk job",
            "Sets, clears or assesses up to 50,000 users in one job. The whole input is validated first (malformed rows, the same user named twice, " +
            "more than the limit): any error answers 400 listing every offending row and nothing is queued. Otherwise 202 with the job and its Location. " +
            "Each user then runs the same workflow as the single-user call (every guardrail, the per-user lease, its own audit record with the job id and ticket), " +
            "at most at the app's shared Graph write budget. The body may also be text/csv with the header row user[,source,objectGuid,ticket] and " +
            "operation, dryRun, source, ticket and reason in the query string. A set job needs ImmutableId.Write and a clear job ImmutableId.Clear as well. " +
            "An assess job sent without users discovers its candidates: every cloud member user in a UPN domain the policy and your scope allow, with no immutable ID and not synced.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [PreferParameter],
            RequestBody: typeof(JobRequestBody),
            RequestBodyRequired: true,
            Responses:
            [
                new(202, "Accepted: the job, queued.", Headers: new Dictionary<string, string>
                {
                    ["Location"] = "The job: GET it to follow progress. With Prefer: respond-async, the job's status monitor (GET /api/jobs/{id}/status).",
                    ["Retry-After"] = "With Prefer: respond-async: seconds to wait before polling Location.",
                }),
                new(400, "The input is not valid: 'errors' lists every offending row (row, code, detail, value); nothing was queued.",
                    ProblemCodes: [ProblemCodes.InvalidJobInput, ProblemCodes.MissingBody]),
                new(403, "A set job needs ImmutableId.Write, a clear job ImmutableId.Clear.", ProblemCodes: [ProblemCodes.InsufficientRole]),
                new(413, "The body is larger than 16 MiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is neither JSON nor CSV.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
                new(502, "An assess job without users: Microsoft Graph refused to list users (permission User.Read.All missing). Nothing was queued.",
                    ProblemCodes: [nameof(GuardrailCode.UpstreamError)]),
                new(503, "Microsoft Graph throttled or was unavailable while listing users (an assess job without users), or the queue failed after the job was stored " +
                    "(the job is then cancelled: none of its users runs); retry after Retry-After seconds.",
                    ProblemCodes: [nameof(GuardrailCode.Throttled), nameof(GuardrailCode.UpstreamUnavailable), ProblemCodes.StorageUnavailable],
                    Headers: new Dictionary<string, string> { ["Retry-After"] = "Seconds to wait before retrying." }),
            ],
            RequiredBodyProperties: ["operation"]
        ),
        SubmitAsync);

    /// <summary><c>GET</c> ListJobs.</summary>
    public static ApiEndpoint<JobsHandler> List { get; } = ApiEndpoint.Answering<JobsHandler, JobList>(
        new ApiOperationDescription(
            "GET", JobsApi.Route, "ListJobs", ApiDescription.BulkJobs,
            "List your bulk jobs",
            "The jobs your app and principal submitted, newest first (at most 50), each with its progress.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "Your jobs.")]
        ),
        ListAsync);

    /// <summary><c>GET</c> GetJob.</summary>
    public static ApiEndpoint<JobsHandler> Get { get; } = ApiEndpoint.Answering<JobsHandler, JobView>(
        new ApiOperationDescription(
            "GET", JobsApi.JobRoute, "GetJob", ApiDescription.BulkJobs,
            "Get a bulk job",
            "The job's state (queued, running, paused while Graph's Retry-After runs, completed, cancelled, failed), users per outcome and per guardrail code, " +
            "the rate in users per second, the shared write budget in use, the estimated completion, and when it started and ended.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The job."), .. JobLookupProblems]
        ),
        GetAsync);

    /// <summary><c>GET</c> GetJobStatus: the job as a status monitor (Power Automate's asynchronous pattern).</summary>
    public static ApiEndpoint<JobsHandler> Status { get; } = ApiEndpoint.Answering<JobsHandler, JobView>(
        new ApiOperationDescription(
            "GET", JobsApi.StatusRoute, "GetJobStatus", ApiDescription.BulkJobs,
            "Wait for a bulk job to end",
            "The job as a status monitor for the asynchronous pattern of Power Automate and Logic Apps: 202 with Location (this URL) and Retry-After " +
            "while the job is queued or running, 200 with the job once it is completed, cancelled or failed. GET /api/jobs/{id} answers 200 at any time.",
            Role: AppRoles.Read,
            Visibility: "internal",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "The job has ended (completed, cancelled or failed)."),
                new(202, "The job is queued or running: poll Location after Retry-After seconds.", Headers: new Dictionary<string, string>
                {
                    ["Location"] = "This status monitor.",
                    ["Retry-After"] = "Seconds to wait before polling again.",
                }),
                .. JobLookupProblems,
            ]
        ),
        StatusAsync);

    /// <summary><c>DELETE</c> CancelJob.</summary>
    public static ApiEndpoint<JobsHandler> Cancel { get; } = ApiEndpoint.Answering<JobsHandler, JobView>(
        new ApiOperationDescription(
            "DELETE", JobsApi.JobRoute, "CancelJob", ApiDescription.BulkJobs,
            "Cancel a bulk job",
            "Stops the job: no user that has not started will start (they end as cancelled); users in flight finish and keep their outcome. " +
            "Cancelling a finished job changes nothing. Answers the job.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The job, cancelled (or as it finished)."), .. JobLookupProblems]
        ),
        CancelAsync);

    /// <summary><c>GET</c> ListJobItems.</summary>
    public static ApiEndpoint<JobsHandler> ListItems { get; } = ApiEndpoint.Answering<JobsHandler, JobItemPageView>(
        new ApiOperationDescription(
            "GET", JobsApi.ItemsRoute, "ListJobItems", ApiDescription.BulkJobs,
            "List the users of a bulk job",
            "The job's users in submitted order with their outcome, guardrail codes, cloud id, AD DN, anchor and audit record id, filtered by outcome and code, " +
            "one page at a time: pass continuationToken (or follow nextLink) for the next page.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [JobIdParameter, .. JobItemFilters, PageSizeParameter, ContinuationTokenParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "One page of users."), .. JobLookupProblems],
            PagedItems: "items"
        ),
        ListItemsAsync);

    /// <summary><c>GET</c> GetJobItemsCsv.</summary>
    public static ApiEndpoint<JobsHandler> ItemsCsv { get; } = ApiEndpoint.AnsweringText<JobsHandler, JobItemsCsv>(
        new ApiOperationDescription(
            "GET", JobsApi.ItemsCsvRoute, "GetJobItemsCsv", ApiDescription.BulkJobs,
            "Get the users of a bulk job as CSV",
            "Every user of the job as text/csv (index, user, status, codes, cloudId, onPremDistinguishedName, anchor, operationId, ticket, attempts, " +
            "completedAt, detail), filtered like the JSON list: the readiness report to hand to a change board. Cells a caller chose never start a formula.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [JobIdParameter, .. JobItemFilters],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The users as text/csv, header row first."), .. JobLookupProblems]
        ),
        ItemsCsvAsync);

    /// <summary><c>GET</c> GetJobReport: the readiness report as one self-contained HTML page.</summary>
    public static ApiEndpoint<JobsHandler> Report { get; } = ApiEndpoint.AnsweringText<JobsHandler, JobReportHtml>(
        new ApiOperationDescription(
            "GET", JobsApi.ReportRoute, "GetJobReport", ApiDescription.BulkJobs,
            "Get the readiness report of a bulk job",
            "The job's readiness report as one self-contained HTML page to open in a browser or attach to a change: users per outcome and per " +
            "guardrail code as bar charts, what each code means and what to do, and the users under each code. No script; every value is HTML-encoded.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The report as text/html."), .. JobLookupProblems]
        ),
        ReportAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Submit, List, Get, Status, Cancel, ListItems, ItemsCsv, Report];

    private static async Task<ApiAnswer<JobView>> SubmitAsync(JobsHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Submit.Description);
        var respondAsync = JobsHandler.PrefersRespondAsync(bind.Header(PreferParameter));

        // The body is JSON or CSV (with the job's fields in the query string): read once, every offending row reported.
        var (input, problem) = await JobInputReader.ReadAsync(call.Request, call.CancellationToken).ConfigureAwait(false);
        return problem is not null
            ? ApiAnswer<JobView>.Refused(problem)
            : await handler.SubmitAsync(input!, respondAsync, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken).ConfigureAwait(false);
    }

    private static Task<ApiAnswer<JobList>> ListAsync(JobsHandler handler, ApiCall call) =>
        handler.ListAsync(call.RequiredCaller, call.Request.HttpContext, call.CancellationToken);

    private static Task<ApiAnswer<JobView>> GetAsync(JobsHandler handler, ApiCall call) =>
        WithJobAsync(handler, call, Get, job => handler.GetAsync(job, call.Request.HttpContext, call.CancellationToken));

    private static Task<ApiAnswer<JobView>> StatusAsync(JobsHandler handler, ApiCall call) =>
        WithJobAsync(handler, call, Status, job => handler.StatusAsync(job, call.Request.HttpContext, call.CancellationToken));

    private static Task<ApiAnswer<JobView>> CancelAsync(JobsHandler handler, ApiCall call) =>
        WithJobAsync(handler, call, Cancel, job => handler.CancelAsync(job, call.Request.HttpContext, call.CancellationToken));

    private static Task<ApiAnswer<JobReportHtml>> ReportAsync(JobsHandler handler, ApiCall call) =>
        WithJobAsync(handler, call, Report, job => handler.ReportAsync(job, call.Request.HttpContext, call.CancellationToken));

    private static Task<ApiAnswer<JobItemPageView>> ListItemsAsync(JobsHandler handler, ApiCall call) =>
        WithJobAsync(handler, call, ListItems, (job, bind) =>
        {
            var http = call.Request.HttpContext;
            var query = ItemQuery(http, bind.Joined(OutcomeParameter), bind.Joined(CodeParameter), bind.Joined(PageSizeParameter), bind.Joined(ContinuationTokenParameter), out var invalid);
            return invalid is not null
                ? Task.FromResult(ApiAnswer<JobItemPageView>.Refused(invalid))
                : handler.ListItemsAsync(job, query!, token => ApiLinks.NextPage(call.Request, token), http, call.CancellationToken);
        });

    private static Task<ApiAnswer<JobItemsCsv>> ItemsCsvAsync(JobsHandler handler, ApiCall call) =>
        WithJobAsync(handler, call, ItemsCsv, (job, bind) =>
        {
            // The CSV holds every item, so it declares no page; a pageSize sent anyway has always been checked like the list's.
            var query = ItemQuery(call.Request.HttpContext, bind.Joined(OutcomeParameter), bind.Joined(CodeParameter), Undeclared(call.Request, PageSizeParameter.Name), null, out var invalid);
            return invalid is not null
                ? Task.FromResult(ApiAnswer<JobItemsCsv>.Refused(invalid))
                : handler.ItemsCsvAsync(job, query!, call.CancellationToken);
        });

    private static Task<ApiAnswer<T>> WithJobAsync<T>(JobsHandler handler, ApiCall call, ApiEndpoint<JobsHandler> endpoint, Func<Job, Task<ApiAnswer<T>>> answer)
        where T : class =>
        WithJobAsync(handler, call, endpoint, (job, _) => answer(job));

    /// <summary>
    /// Binds the job id (400 InvalidJobId), finds the caller's job (404 JobNotFound), then answers with it: the problems
    /// in that order, before any filter is read.
    /// </summary>
    private static async Task<ApiAnswer<T>> WithJobAsync<T>(JobsHandler handler, ApiCall call, ApiEndpoint<JobsHandler> endpoint, Func<Job, ApiBinder, Task<ApiAnswer<T>>> answer)
        where T : class
    {
        var bind = new ApiBinder(call, endpoint.Description);
        var http = call.Request.HttpContext;
        var id = bind.Id(JobIdParameter, static http => ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.InvalidJobId, "Invalid job id",
            "The job id is the GUID returned as id by POST /api/jobs (e.g. 0196d4c5-8f2a-7b3c-9d4e-5f6a7b8c9d0e)."));
        if (bind.Problem is { } invalid)
        {
            return ApiAnswer<T>.Refused(invalid);
        }

        var (job, missing) = await handler.FindAsync(id!.Value, call.RequiredCaller, http, call.CancellationToken).ConfigureAwait(false);
        return missing is not null
            ? ApiAnswer<T>.Refused(missing)
            : await answer(job!, bind).ConfigureAwait(false);
    }

    /// <summary>The item filters and page the query string asks for, or the problem naming the first one that is not valid.</summary>
    private static JobItemQuery? ItemQuery(HttpContext http, string? outcomeText, string? code, string? sizeText, string? token, out IResult? invalid)
    {
        invalid = null;
        JobItemStatus? status = null;
        if (outcomeText is not null)
        {
            if (!Enum.TryParse<JobItemStatus>(outcomeText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(outcomeText, out _))
            {
                invalid = InvalidQuery(http, "outcome is one of queued, running, succeeded, noChange, planned, refused, failed, cancelled.");
                return null;
            }

            status = parsed;
        }

        if (code is { Length: > 64 } || (code is not null && !code.All(char.IsAsciiLetterOrDigit)))
        {
            invalid = InvalidQuery(http, "code is a guardrail code such as PrivilegedTarget (letters and digits).");
            return null;
        }

        var pageSize = JobItemQuery.DefaultPageSize;
        if (sizeText is not null &&
            (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > JobItemQuery.MaxPageSize))
        {
            invalid = InvalidQuery(http, $"pageSize is a whole number from 1 to {JobItemQuery.MaxPageSize}.");
            return null;
        }

        return new JobItemQuery(status, code, pageSize, token);
    }

    /// <summary>A query value the endpoint does not declare, read as the declared ones are (joined, trimmed, null when blank).</summary>
    private static string? Undeclared(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

    private static IResult InvalidQuery(HttpContext http, string detail) =>
        ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "Invalid request", detail);
}
