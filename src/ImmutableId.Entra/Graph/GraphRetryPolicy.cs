using System.Globalization;
using ImmutableId.Core.Entra;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// Retries an operation on 429 (honouring Retry-After), 5xx, dropped connections and timeouts, within a bounded
/// total budget; past it, throws <see cref="EntraDirectoryException"/> (Throttled or Unavailable) with Graph's
/// Retry-After so the caller can answer 503 with it.
/// </summary>
internal sealed class GraphRetryPolicy(TimeSpan budget, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    public TimeSpan Budget => budget;

    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        for (var attempts = 1; ; attempts++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Classify(ex, cancellationToken) is { } transient)
            {
                var delay = transient.RetryAfter ?? TimeSpan.FromTicks(FirstBackoff.Ticks << Math.Min(attempts - 1, 6));
                if (time.GetElapsedTime(started) + delay > budget)
                {
                    var last = LastAnswer(ex);
                    EntraLog.GaveUp(logger, operation, transient.Failure.ToString(), attempts, budget, transient.RetryAfter, last);
                    throw new EntraDirectoryException(
                        transient.Failure,
                        $"Microsoft Graph {(transient.Failure == EntraFailure.Throttled ? "throttled" : "was unavailable for")} {operation} and the retry budget of {budget.TotalSeconds:0.#} s is spent after {attempts} attempt(s); the last: {last}.",
                        transient.RetryAfter ?? delay,
                        ex);
                }

                EntraLog.Retrying(logger, operation, transient.Failure.ToString(), transient.Status, attempts, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// What the last attempt met, for the operator: Graph's status with its error code and message, or the connection
    /// error (refused, reset, timed out). Graph's error texts carry no secrets; bounded so an answer stays short.
    /// </summary>
    internal static string LastAnswer(Exception ex)
    {
        var text = ex switch
        {
            ODataError { Error: { } error } odata => $"HTTP {odata.ResponseStatusCode} {error.Code}: {error.Message}{ThrottleInformation(odata.ResponseHeaders)}",
            ApiException api => $"HTTP {api.ResponseStatusCode}",
            TransientGraphException t => $"HTTP {t.Status} (a $batch step)",
            HttpRequestException http => $"no answer ({Innermost(http)})",
            OperationCanceledException => "no answer within the request timeout",
            _ => ex.GetType().Name,
        };
        return text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");

        static string Innermost(Exception e)
        {
            while (e.InnerException is { } inner)
            {
                e = inner;
            }

            return e.Message.TrimEnd('.');
        }
    }

    /// <summary>Which of Graph's limits a 429 met (<c>x-ms-throttle-information</c>, e.g. ResourceUnitLimitExceeded), or nothing.</summary>
    private static string ThrottleInformation(IDictionary<string, IEnumerable<string>>? headers)
    {
        var value = GraphHeaders.Value(headers, "x-ms-throttle-information");
        return string.IsNullOrWhiteSpace(value) ? string.Empty : $" (x-ms-throttle-information: {value})";
    }

    /// <summary>Whether <paramref name="ex"/> is worth retrying, and how long Graph asked to wait.</summary>
    internal static (EntraFailure Failure, int? Status, TimeSpan? RetryAfter)? Classify(Exception ex, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case TransientGraphException t:
                return (t.Failure, t.Status, t.RetryAfter);
            case ApiException api when api.ResponseStatusCode == 429:
                return (EntraFailure.Throttled, 429, RetryAfter(api.ResponseHeaders));
            case ApiException api when api.ResponseStatusCode is 500 or 502 or 503 or 504:
                return (EntraFailure.Unavailable, api.ResponseStatusCode, RetryAfter(api.ResponseHeaders));
            case HttpRequestException:
                return (EntraFailure.Unavailable, null, null);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return (EntraFailure.Unavailable, null, null); // the per-request timeout
            default:
                return null;
        }
    }

    /// <summary>Retry-After as delta-seconds or an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        var value = GraphHeaders.Value(headers, "Retry-After");
        return RetryAfter(value);
    }

    internal static TimeSpan? RetryAfter(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - DateTimeOffset.UtcNow) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }
}
