using ImmutableId.Api.Http;
using ImmutableId.Core.Tickets;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>
/// The ticket, reason and dry-run flag of a write request, read leniently for the audit record of a refusal decided
/// before the handler ran: from the JSON body (read once by the write guard) when it parses, else the
/// <c>X-Ticket-Id</c> header or <c>?ticket=</c>.
/// </summary>
internal static class WriteAnnotations
{
    public static (string? Ticket, string? Reason, bool DryRun) Read(HttpRequest request, RequestBody body)
    {
        string? ticket = null;
        string? reason = null;
        if (body.Complete && !body.Bytes.IsEmpty && JsonBody.Parse<Body>(request, body) is ({ } parsed, null))
        {
            ticket = Clean(parsed.Ticket, TicketReference.MaxLength);
            reason = Clean(parsed.Reason, ImmutableIds.ImmutableIdHandler.MaxReasonLength);
        }

        ticket ??= Clean(TicketOutsideBody(request), TicketReference.MaxLength);
        reason ??= Clean(request.Query["reason"].ToString(), ImmutableIds.ImmutableIdHandler.MaxReasonLength);
        var dryRun = bool.TryParse(request.Query["dryRun"].ToString(), out var flag) && flag;
        return (ticket, reason, dryRun);
    }

    /// <summary>True when the request says it carries a body.</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;

    /// <summary>The ticket sent outside the body, as sent: the <c>X-Ticket-Id</c> header, else <c>?ticket=</c>; null when neither.</summary>
    public static string? TicketOutsideBody(HttpRequest request)
    {
        var header = request.Headers[WriteGuard.TicketHeader];
        if (header.Count > 0 && !string.IsNullOrWhiteSpace(header[0]))
        {
            return header[0];
        }

        var query = request.Query["ticket"];
        return query.Count > 0 && !string.IsNullOrEmpty(query[0]) ? query[0] : null;
    }

    private static string? Clean(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length > max ? text[..max] : text.Trim();

    private sealed record Body(string? Ticket, string? Reason);
}
