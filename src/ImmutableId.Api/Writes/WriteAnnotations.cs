using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>
/// The ticket, reason and dry-run flag of a write request, read leniently for the audit record of a refusal decided
/// before the handler ran: from the JSON body when it parses, else the <c>X-Ticket-Id</c> header or <c>?ticket=</c>.
/// </summary>
internal static class WriteAnnotations
{
    public static async Task<(string? Ticket, string? Reason, bool DryRun)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? ticket = null;
        string? reason = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                var (body, _) = await JsonBody.ReadAsync<Body>(request, cancellationToken).ConfigureAwait(false);
                ticket = Clean(body?.Ticket, WriteGuard.MaxTicketLength);
                reason = Clean(body?.Reason, 1024);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The refusal is recorded without them.
            }
        }

        ticket ??= Clean(request.Headers[WriteGuard.TicketHeader].ToString(), WriteGuard.MaxTicketLength)
            ?? Clean(request.Query["ticket"].ToString(), WriteGuard.MaxTicketLength);
        reason ??= Clean(request.Query["reason"].ToString(), 1024);
        var dryRun = bool.TryParse(request.Query["dryRun"].ToString(), out var flag) && flag;
        return (ticket, reason, dryRun);
    }

    private static string? Clean(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length > max ? text[..max] : text.Trim();

    private sealed record Body(string? Ticket, string? Reason);
}
