using System.Globalization;
using System.Threading.RateLimiting;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.RateLimiting;

/// <summary>
/// Inbound rate limiting per authenticated caller (app id + object id) and <see cref="OperationClass"/>, run by the
/// authorization gate of both hosts once the caller is known (so a forged token can never spend another caller's
/// permits). A refused call is a 429 problem with <c>Retry-After</c>; nothing downstream runs.
/// </summary>
public sealed partial class InboundRateLimiter : IDisposable
{
    /// <summary>The <c>code</c> of the 429 problem.</summary>
    public const string TooManyRequestsCode = "TooManyRequests";

    private readonly RateLimitOptions _options;
    private readonly ILogger<InboundRateLimiter> _logger;
    private readonly PartitionedRateLimiter<(OperationClass Class, string Caller)> _limiter;

    /// <summary>Creates the limiter from the validated options.</summary>
    public InboundRateLimiter(IOptions<RateLimitOptions> options, ILogger<InboundRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<(OperationClass Class, string Caller), (OperationClass, string)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(_options.For(k.Item1))));
    }

    /// <summary>The class of a call needing <paramref name="requiredRole"/>: writes and dry runs by the <c>dryRun</c> query.</summary>
    public static OperationClass Classify(HttpRequest request, string requiredRole)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (requiredRole is AppRoles.Read)
        {
            return OperationClass.Reads;
        }

        return bool.TryParse(request.Query["dryRun"].ToString(), out var dryRun) && dryRun ? OperationClass.DryRuns : OperationClass.Writes;
    }

    /// <summary>Takes one permit for the caller; null when granted, else the 429 answer.</summary>
    public IResult? TryAcquire(HttpContext context, ApiCaller caller, string requiredRole)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(caller);
        if (!_options.Enabled)
        {
            return null;
        }

        var operationClass = Classify(context.Request, requiredRole);
        using var lease = _limiter.AttemptAcquire((operationClass, caller.Identity.AppId + "/" + caller.Identity.ObjectId));
        if (lease.IsAcquired)
        {
            return null;
        }

        var limit = _options.For(operationClass);
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limit.Window / limit.PermitLimit;
        var seconds = (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 86_400);
        LogLimited(_logger, caller.Identity.AppId, operationClass, seconds);
        var problem = ApiProblem.Create(context, StatusCodes.Status429TooManyRequests, TooManyRequestsCode, "Too many requests",
            $"Your application has used its {Describe(operationClass)} allowance ({limit.PermitLimit} per {limit.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s). " +
            $"Retry after {seconds} s; spread calls out, or ask the API's owner to raise RateLimits:{operationClass}.",
            new Dictionary<string, object?> { ["operationClass"] = ToCamel(operationClass), ["retryAfterSeconds"] = seconds });
        return new RetryAfterResult(problem, seconds);
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(RateLimit limit) => new()
    {
        TokenLimit = limit.PermitLimit,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = limit.Window / limit.PermitLimit,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string Describe(OperationClass operationClass) => operationClass switch
    {
        OperationClass.Writes => "write",
        OperationClass.DryRuns => "dry-run",
        _ => "read",
    };

    private static string ToCamel(OperationClass operationClass) => operationClass switch
    {
        OperationClass.Writes => "writes",
        OperationClass.DryRuns => "dryRuns",
        _ => "reads",
    };

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Caller {AppId} rate-limited ({OperationClass}); retry after {Seconds} s")]
    private static partial void LogLimited(ILogger logger, string appId, OperationClass operationClass, int seconds);
}
