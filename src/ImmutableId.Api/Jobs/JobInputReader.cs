using System.Globalization;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Http;
using ImmutableId.Core.Tickets;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Jobs;

/// <summary>
/// Reads <c>POST /api/jobs</c>: a JSON object (<c>{"operation","users":[…],"dryRun","source","ticket","reason"}</c>, a
/// user being a string or <c>{"user","source","objectGuid","ticket"}</c>), or a <c>text/csv</c> body with the header
/// row <c>user[,source,objectGuid,ticket]</c> and the job's fields in the query string. Every malformed row is
/// reported, not only the first.
/// </summary>
internal static class JobInputReader
{
    /// <summary>50,000 users with long UPNs, tickets and GUIDs fit.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private static readonly string[] CsvColumns = ["user", "source", "objectGuid", "ticket"];

    public static async Task<(JobInput? Input, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge(context));
        }

        var isCsv = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
        if (!isCsv && !string.IsNullOrEmpty(request.ContentType) && !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblem.Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Unsupported media type",
                $"The body was sent as '{request.ContentType}'. Send JSON (application/json) or CSV (text/csv with the header row user[,source,objectGuid,ticket])."));
        }

        var read = await RequestBody.ReadAsync(request, MaxBytes, cancellationToken).ConfigureAwait(false);
        if (read.TooLarge)
        {
            return (null, TooLarge(context));
        }

        if (read.Error is not null)
        {
            return (null, Invalid(context, "The request body could not be read to its end. Send it again.", []));
        }

        var body = read.Bytes.ToArray();
        if (body.Length == 0)
        {
            return (null, ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.MissingBody, "Missing request body",
                "Send {\"operation\":\"set\",\"users\":[\"adele.vance@contoso.com\", …]} as JSON, or a text/csv body whose first row is user[,source,objectGuid,ticket]."));
        }

        return isCsv ? ReadCsv(context, body) : ReadJson(context, body);
    }

    /// <summary>A problem listing the offending rows (at most 1,000 listed; <c>errorCount</c> has them all).</summary>
    public static IResult Invalid(HttpContext context, string detail, IReadOnlyList<JobRowError> errors) =>
        ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidJobInput, "Invalid job input",
            detail + " Nothing was queued; fix every listed row and send the whole job again.",
            new Dictionary<string, object?>
            {
                ["errorCount"] = errors.Count,
                ["errors"] = errors.Take(1000).Select(e => new { row = e.Row, code = e.Code, detail = e.Detail, value = e.Value }).ToList(),
            });

    private static (JobInput?, IResult?) ReadJson(HttpContext context, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            return (null, Invalid(context, $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", []));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Invalid(context, "The body must be a JSON object: {\"operation\":\"set\",\"users\":[…]}.", []));
            }

            var problems = new List<string>();
            var operation = ReadOperation(String(root, "operation", problems), problems);
            var source = ReadSource(String(root, "source", problems), problems);
            var dryRun = Bool(root, "dryRun", problems);
            var ticket = String(root, "ticket", problems);
            var reason = String(root, "reason", problems);
            CheckJobText(ticket, reason, problems);
            var rows = new List<JobRow>();
            var errors = new List<JobRowError>();
            var discover = false;
            if (!root.TryGetProperty("users", out var users) || users.ValueKind == JsonValueKind.Null)
            {
                if (operation != JobOperation.Assess)
                {
                    problems.Add("users is required: an array of UPNs or objectGUIDs (only an assess job may leave it out, to discover its candidates).");
                }
                else
                {
                    discover = true;
                }
            }
            else if (users.ValueKind != JsonValueKind.Array)
            {
                problems.Add("users must be an array of UPNs or objectGUIDs.");
            }
            else
            {
                var index = 0;
                foreach (var entry in users.EnumerateArray())
                {
                    switch (entry.ValueKind)
                    {
                        case JsonValueKind.String:
                            rows.Add(new JobRow(index, entry.GetString()));
                            break;
                        case JsonValueKind.Object:
                            rows.Add(new JobRow(index, Text(entry, "user"), Text(entry, "source"), Text(entry, "objectGuid"), Text(entry, "ticket")));
                            break;
                        default:
                            errors.Add(new JobRowError(index, "MalformedRow", "Each user is a string (UPN or objectGUID) or an object {\"user\":…}."));
                            break;
                    }

                    index++;
                }
            }

            if (problems.Count > 0 || errors.Count > 0)
            {
                return (null, Invalid(context, problems.Count > 0 ? string.Join(" ", problems) : "Some users are malformed (rows are 0-based indexes into users).", WithRowErrors(errors, rows)));
            }

            return (new JobInput(operation!.Value, rows, dryRun ?? false, source ?? AnchorSourcePreference.Auto, ticket, reason, discover), null);
        }
    }

    private static (JobInput?, IResult?) ReadCsv(HttpContext context, byte[] body)
    {
        var problems = new List<string>();
        var q = context.Request.Query;
        var operation = ReadOperation(Query(q, "operation"), problems);
        var source = ReadSource(Query(q, "source"), problems);
        bool? dryRun = null;
        if (Query(q, "dryRun") is { } dryText)
        {
            if (bool.TryParse(dryText, out var parsed))
            {
                dryRun = parsed;
            }
            else
            {
                problems.Add("dryRun is true or false.");
            }
        }

        var ticket = Query(q, "ticket");
        var reason = Query(q, "reason");
        CheckJobText(ticket, reason, problems);

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return (null, Invalid(context, "The CSV is not UTF-8 text.", []));
        }

        var lines = CsvReader.Parse(text.TrimStart('\uFEFF'), out var csvError);
        if (csvError is not null)
        {
            return (null, Invalid(context, csvError, []));
        }

        var errors = new List<JobRowError>();
        var rows = new List<JobRow>();
        if (lines.Count == 0)
        {
            problems.Add("The CSV is empty: its first row is the header user[,source,objectGuid,ticket].");
        }
        else
        {
            var header = lines[0].Fields.Select(h => h.Trim()).ToList();
            var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count; i++)
            {
                var known = CsvColumns.FirstOrDefault(c => c.Equals(header[i], StringComparison.OrdinalIgnoreCase));
                if (known is null || !positions.TryAdd(known, i))
                {
                    errors.Add(new JobRowError(1, "MalformedRow", $"Header column '{header[i]}' is {(known is null ? "unknown" : "repeated")}; the columns are user, source, objectGuid and ticket.", header[i]));
                }
            }

            if (!positions.ContainsKey("user"))
            {
                errors.Add(new JobRowError(1, "MalformedRow", "The header row has no user column: the first row must be user[,source,objectGuid,ticket]."));
            }

            if (errors.Count == 0)
            {
                foreach (var line in lines.Skip(1))
                {
                    if (line.Fields.Count == 1 && string.IsNullOrWhiteSpace(line.Fields[0]))
                    {
                        continue;
                    }

                    if (line.Fields.Count != header.Count)
                    {
                        errors.Add(new JobRowError(line.Number, "MalformedRow", $"The row has {line.Fields.Count} fields; the header has {header.Count}.", string.Join(",", line.Fields)));
                        continue;
                    }

                    string? Cell(string column) => positions.TryGetValue(column, out var at) ? line.Fields[at] : null;
                    rows.Add(new JobRow(line.Number, Cell("user"), Cell("source"), Cell("objectGuid"), Cell("ticket")));
                }
            }
        }

        if (problems.Count > 0 || errors.Count > 0)
        {
            return (null, Invalid(context, problems.Count > 0 ? string.Join(" ", problems) : "Some CSV rows are malformed (rows are line numbers; the header is line 1).", WithRowErrors(errors, rows)));
        }

        return (new JobInput(operation!.Value, rows, dryRun ?? false, source ?? AnchorSourcePreference.Auto, ticket, reason), null);
    }

    // Malformed rows and the other rows' own errors (syntax, duplicates) in one answer, in row order.
    private static IReadOnlyList<JobRowError> WithRowErrors(IReadOnlyList<JobRowError> malformed, IReadOnlyList<JobRow> rows) =>
        malformed.Concat(JobRows.Validate(Guid.Empty, rows).Errors).OrderBy(e => e.Row).ToList();

    private static JobOperation? ReadOperation(string? text, List<string> problems)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "set":
                return JobOperation.Set;
            case "clear":
                return JobOperation.Clear;
            case "assess":
                return JobOperation.Assess;
            case null:
                problems.Add("operation is required: set, clear or assess.");
                return null;
            default:
                problems.Add($"operation is set, clear or assess, not '{text}'.");
                return null;
        }
    }

    private static AnchorSourcePreference? ReadSource(string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (Enum.TryParse<AnchorSourcePreference>(text.Trim(), ignoreCase: true, out var source) && Enum.IsDefined(source) && !int.TryParse(text, out _))
        {
            return source;
        }

        problems.Add("source is auto, consistencyGuid or objectGuid.");
        return null;
    }

    private static void CheckJobText(string? ticket, string? reason, List<string> problems)
    {
        if (!TicketReference.IsValid(ticket))
        {
            problems.Add(TicketReference.Error);
        }

        if (reason is { Length: > 1024 })
        {
            problems.Add("reason is at most 1,024 characters.");
        }
    }

    private static string? String(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be a string.");
            return null;
        }

        return string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim();
    }

    private static bool? Bool(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add($"{name} must be true or false.");
        return null;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Null ? null : value.GetRawText() : null;

    private static string? Query(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

    private static IResult TooLarge(HttpContext context) =>
        ApiProblem.Create(context, StatusCodes.Status413PayloadTooLarge, ProblemCodes.RequestTooLarge, "Request too large",
            string.Create(CultureInfo.InvariantCulture, $"A job body is at most {MaxBytes / (1024 * 1024)} MB ({Job.MaxItems:N0} users). Split the users into several jobs."));
}
