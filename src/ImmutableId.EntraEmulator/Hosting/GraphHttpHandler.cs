using System.Text;
using System.Text.Json;
using ImmutableId.EntraEmulator.Auth;
using ImmutableId.EntraEmulator.Graph;

namespace ImmutableId.EntraEmulator.Hosting;

/// <summary>
/// The <c>/v1.0/*</c> and <c>/beta/*</c> HTTP surfaces: faults, then the Bearer token, then <c>$batch</c> or the dispatcher; logs every
/// request with its status. Headers <c>request-id</c> and <c>client-request-id</c> go on every answer.
/// </summary>
internal static class GraphHttpHandler
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly string[] LoggedHeaderNames = ["ConsistencyLevel", "x-ms-throttle-priority", "client-request-id", "Content-Type", "Prefer"];

    public static async Task HandleAsync(HttpContext context, EmulatorRuntime runtime)
    {
        var http = context.Request;
        var now = runtime.Time.GetUtcNow();
        var sequence = runtime.Log.NextSequence();
        var requestId = Guid.NewGuid().ToString();
        var clientRequestId = http.Headers["client-request-id"].FirstOrDefault();
        context.Response.Headers["request-id"] = requestId;
        context.Response.Headers["client-request-id"] = clientRequestId ?? requestId;
        var version = http.Path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase) ? GraphRequest.Beta : GraphRequest.V1;
        var path = http.Path.Value![(version.Length + 1)..];
        if (path.Length == 0)
        {
            path = "/";
        }

        var rawQuery = http.QueryString.HasValue ? SafeUnescape(http.QueryString.Value![1..]) : string.Empty;
        var headers = http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? appId = null;
        string? body = null;
        GraphResponse response;

        var plan = runtime.Faults.Next();
        if (plan.Delay > TimeSpan.Zero)
        {
            await Task.Delay(plan.Delay, runtime.Time, context.RequestAborted).ConfigureAwait(false);
        }

        // The body is read before any fault is applied, so the log shows what every request carried — also the ones
        // answered 503/504 or dropped (a client bug that sends an empty PATCH is visible on every attempt).
        body = await ReadBodyAsync(http, context.RequestAborted).ConfigureAwait(false);
        if (plan.Drop)
        {
            runtime.Log.Add(new RequestLogEntry(sequence, now, http.Method, LoggedPath(version, path), rawQuery, 0, null, body, null, LoggedHeaders(headers)));
            context.Abort();
            return;
        }

        var stub = new GraphRequest(http.Method, path, new Dictionary<string, string>(), rawQuery, headers, null,
            new CallerIdentity(string.Empty, null, runtime.Store.TenantId, new HashSet<string>()), string.Empty, null, requestId, clientRequestId, now, version);
        if (version == GraphRequest.Beta && runtime.Faults.Settings.BetaErrorStatus is { } betaStatus)
        {
            // [I] A beta surface that is refused or unavailable: the status the test asked for, in Graph's error shape.
            response = stub.Error(betaStatus, betaStatus switch
            {
                403 => GraphErrorCodes.AuthorizationRequestDenied,
                404 => GraphErrorCodes.BadRequest,
                _ => GraphErrorCodes.ServiceUnavailable,
            }, betaStatus switch
            {
                403 => "Insufficient privileges to complete the operation.",
                404 => "Resource not found for the segment 'beta'.",
                _ => "Service unavailable.",
            });
        }
        else if (plan.ErrorStatus is { } status)
        {
            response = stub.Error(status, status == 503 ? GraphErrorCodes.ServiceUnavailable : GraphErrorCodes.GatewayTimeout,
                status == 503 ? "Service unavailable. Retry after the time in the Retry-After header." : "The gateway timed out.");
            response.Headers["Retry-After"] = plan.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            var auth = await AuthenticateAsync(http, runtime).ConfigureAwait(false);
            if (auth.Caller is null)
            {
                response = stub.Error(401, GraphErrorCodes.InvalidAuthenticationToken, auth.Failure!);
                response.Headers["WWW-Authenticate"] =
                    "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
            }
            else
            {
                appId = auth.Caller.AppId;
                if (body is not null && Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
                {
                    response = stub.Error(413, GraphErrorCodes.BadRequest, "The request body is too large.");
                }
                else
                {
                    try
                    {
                        var request = stub with
                        {
                            Query = GraphRequest.ParseQuery(http.QueryString.HasValue ? http.QueryString.Value![1..] : string.Empty),
                            Body = body,
                            Caller = auth.Caller,
                            GraphBaseUrl = $"{http.Scheme}://{http.Host}/{version}",
                        };
                        response = string.Equals(path, "/$batch", StringComparison.OrdinalIgnoreCase)
                            ? http.Method == "POST" ? runtime.Batch.Process(request) : stub.Error(405, GraphErrorCodes.MethodNotAllowed, "Use POST for $batch.")
                            : runtime.Dispatcher.Dispatch(request);
                    }
                    catch (GraphQueryException ex)
                    {
                        response = stub.Error(ex.Status, ex.Code, ex.Message);
                    }
                }
            }
        }

        runtime.Log.Add(new RequestLogEntry(sequence, now, http.Method, LoggedPath(version, path), rawQuery, response.Status, appId, body, null, LoggedHeaders(headers),
            AnswerDropped: plan.DropAfterApply));
        if (plan.DropAfterApply)
        {
            // Served (a write is applied) but the answer is lost: the connection goes down before it.
            context.Abort();
            return;
        }

        await WriteAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>v1.0 paths are logged as before (<c>/users/…</c>); beta paths keep their prefix (<c>/beta/users/…</c>).</summary>
    private static string LoggedPath(string version, string path) => version == GraphRequest.Beta ? "/beta" + path : path;

    private static string SafeUnescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    internal static IReadOnlyDictionary<string, string> LoggedHeaders(IReadOnlyDictionary<string, string> headers) =>
        LoggedHeaderNames.Where(headers.ContainsKey).ToDictionary(n => n, n => headers[n], StringComparer.OrdinalIgnoreCase);

    private static async Task<(CallerIdentity? Caller, string? Failure)> AuthenticateAsync(HttpRequest http, EmulatorRuntime runtime)
    {
        var header = http.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, "Access token is empty.");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return (null, "Access token validation failure: the Authorization header is not a Bearer token.");
        }

        return await runtime.Tokens.ValidateAsync(header[7..].Trim(), runtime.Store.TenantId).ConfigureAwait(false);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentLength is 0 || (http.ContentLength is null && !http.Headers.ContainsKey("Transfer-Encoding")))
        {
            return null;
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            return new string(' ', MaxBodyBytes + 1);
        }

        using var reader = new StreamReader(http.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, GraphResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            if (!string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = value;
            }
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(JsonOptions), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
