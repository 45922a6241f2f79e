using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Hosting;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>
/// <c>POST /$batch</c> (JSON batching): at most 20 requests, each answered with its own status, headers and body;
/// <c>dependsOn</c> runs a request after the ones it names, and answers 424 when one of them failed. The requests
/// run in the order given (Graph may run independent ones in parallel; the emulator runs them one by one).
/// </summary>
internal sealed class BatchProcessor(GraphDispatcher dispatcher, RequestLog log)
{
    public const int MaxRequests = 20;

    public GraphResponse Process(GraphRequest batch)
    {
        JsonArray requests;
        try
        {
            requests = (JsonNode.Parse(batch.Body ?? string.Empty) as JsonObject)?["requests"] as JsonArray ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return batch.Error(400, GraphErrorCodes.BadRequest, "Invalid batch payload format.");
        }

        if (requests.Count == 0)
        {
            return batch.Error(400, GraphErrorCodes.BadRequest, "Invalid batch payload format: the batch holds no request.");
        }

        if (requests.Count > MaxRequests)
        {
            // [I] text; the limit of 20 is documented.
            return batch.Error(400, GraphErrorCodes.BadRequest, $"The number of requests in the batch ({requests.Count}) exceeds the limit of {MaxRequests}.");
        }

        var parsed = new List<BatchItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in requests)
        {
            var item = BatchItem.Parse(node);
            if (item is null)
            {
                return batch.Error(400, GraphErrorCodes.BadRequest, "Invalid batch payload format: each request needs an id, a method and a relative url.");
            }

            if (!ids.Add(item.Id))
            {
                return batch.Error(400, GraphErrorCodes.BadRequest, $"Duplicate request id '{item.Id}' in the batch.");
            }

            var unknown = item.DependsOn.FirstOrDefault(d => !ids.Contains(d) || d == item.Id);
            if (unknown is not null)
            {
                // [I] Graph requires dependsOn to name requests of the same batch; the emulator also requires them earlier.
                return batch.Error(400, GraphErrorCodes.BadRequest, $"Request '{item.Id}' depends on '{unknown}', which is not an earlier request of this batch.");
            }

            parsed.Add(item);
        }

        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var responses = new JsonArray();
        foreach (var item in parsed)
        {
            var response = item.DependsOn.Any(d => statuses[d] >= 400)
                ? batch.Error(424, "FailedDependency", "A request this request depends on failed.")
                : Run(batch, item);
            statuses[item.Id] = response.Status;
            var headers = new JsonObject();
            foreach (var (name, value) in response.Headers)
            {
                headers[name] = value;
            }

            var entry = new JsonObject { ["id"] = item.Id, ["status"] = response.Status, ["headers"] = headers };
            if (response.Body is not null)
            {
                entry["body"] = response.Body;
            }

            responses.Add(entry);
        }

        return GraphResponse.Json(200, new JsonObject { ["responses"] = responses });
    }

    private GraphResponse Run(GraphRequest batch, BatchItem item)
    {
        GraphResponse response;
        GraphRequest request;
        try
        {
            var (path, query) = item.SplitUrl();
            var headers = new Dictionary<string, string>(item.Headers, StringComparer.OrdinalIgnoreCase);
            request = batch with
            {
                Method = item.Method,
                Path = path,
                Query = GraphRequest.ParseQuery(query),
                RawQuery = Uri.UnescapeDataString(query),
                Headers = headers,
                Body = item.Body,
                BatchRequestId = item.Id,
            };
            response = string.Equals(path, "/$batch", StringComparison.OrdinalIgnoreCase)
                ? request.Error(400, GraphErrorCodes.BadRequest, "A batch cannot hold another batch.")
                : dispatcher.Dispatch(request);
        }
        catch (Exception ex) when (ex is GraphQueryException or UriFormatException)
        {
            request = batch with { BatchRequestId = item.Id, Method = item.Method, Path = item.Url, RawQuery = string.Empty, Body = item.Body };
            response = request.Error(400, GraphErrorCodes.BadRequest, ex.Message);
        }

        log.Add(new RequestLogEntry(log.NextSequence(), request.Now, request.Method, request.IsBeta ? "/beta" + request.Path : request.Path, request.RawQuery, response.Status,
            request.Caller.AppId, request.Body, item.Id, GraphHttpHandler.LoggedHeaders(request.Headers)));
        return response;
    }

    private sealed record BatchItem(string Id, string Method, string Url, IReadOnlyList<string> DependsOn, Dictionary<string, string> Headers, string? Body)
    {
        public static BatchItem? Parse(JsonNode? node)
        {
            if (node is not JsonObject o ||
                o["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id) || string.IsNullOrEmpty(id) ||
                o["method"] is not JsonValue methodValue || !methodValue.TryGetValue<string>(out var method) ||
                o["url"] is not JsonValue urlValue || !urlValue.TryGetValue<string>(out var url) ||
                url.Contains("://", StringComparison.Ordinal))
            {
                return null;
            }

            var dependsOn = new List<string>();
            if (o["dependsOn"] is JsonArray deps)
            {
                foreach (var dep in deps)
                {
                    if (dep is not JsonValue v || !v.TryGetValue<string>(out var d))
                    {
                        return null;
                    }

                    dependsOn.Add(d);
                }
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (o["headers"] is JsonObject h)
            {
                foreach (var (name, value) in h)
                {
                    headers[name] = value is JsonValue hv && hv.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
                }
            }

            var body = o["body"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                var other => other.ToJsonString(),
            };
            return new BatchItem(id, method.ToUpperInvariant(), url, dependsOn, headers, body);
        }

        public (string Path, string Query) SplitUrl()
        {
            var url = Url.StartsWith('/') ? Url : "/" + Url;
            if (url.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase))
            {
                url = url[5..];
            }

            var q = url.IndexOf('?', StringComparison.Ordinal);
            var path = q < 0 ? url : url[..q];
            return (Uri.UnescapeDataString(path), q < 0 ? string.Empty : url[(q + 1)..]);
        }
    }
}
