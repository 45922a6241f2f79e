using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ImmutableId.Api.Jobs;

/// <summary>
/// A job's readiness report as one self-contained HTML page (no script, no external file; styles inline): the job,
/// users per outcome and per guardrail code as CSS bar charts, what each code means and what to do, and the users
/// under each code. Every value a caller or a directory supplied (ticket, reason, UPNs, DNs, details) is HTML-encoded.
/// </summary>
public static class JobReportPage
{
    /// <summary>The page's Content-Security-Policy: nothing loads, nothing runs; only the inline style applies.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Users listed open under a code; longer lists start folded (<details>, no script needed).
    private const int OpenListLimit = 50;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>What a code means and what to do about it, in the administrator's words.</summary>
    private static readonly IReadOnlyDictionary<string, (string Meaning, string Action)> Guidance = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["CloudUserNotFound"] = ("No cloud user has this UPN or object id.", "Check the spelling, or create the user first; nothing to match."),
        ["OnPremUserNotFound"] = ("No AD user has this UPN or objectGUID under the configured base DNs.", "Check the AD UPN, or add the user's OU to the base DNs."),
        ["AmbiguousOnPremUser"] = ("More than one AD user matched.", "Make the UPN unique in AD, or name the user by objectGUID."),
        ["CloudUserSynced"] = ("The cloud user is already synced from AD.", "Nothing to do: sync owns the user and its immutable ID."),
        ["CloudUserLinked"] = ("The cloud user was linked to an AD object before.", "Check which AD object it was linked to before changing anything."),
        ["PrivilegedTarget"] = ("The cloud user holds an active or eligible directory role.", "Match it by hand after review, or remove the role first."),
        ["ImmutableIdAlreadySet"] = ("The cloud user already has a different immutable ID.", "Check which AD user it belongs to; replace only on purpose (replace=true)."),
        ["AnchorInUse"] = ("Another cloud user already holds this anchor.", "Find the other user (GET /api/users/{anchor}/immutable-id) and clear the wrong one."),
        ["FederatedDomain"] = ("The UPN's domain is federated: the value cannot be changed there.", "Move the user to a managed domain UPN, set the value, then move it back."),
        ["OutOfScope"] = ("The UPN domain or the AD OU is outside the API's allow-lists.", "Ask for the domain or OU to be added to the policy, if it should be in."),
        ["OutOfCallerScope"] = ("The user is outside the scope of the app that submitted the job.", "Submit from an app whose caller scope covers the user."),
        ["OnPremAccountDisabled"] = ("The AD account is disabled.", "Enable the AD account first, or leave the user out."),
        ["ProtectedOnPremAccount"] = ("The AD account is protected (adminCount=1).", "Match privileged accounts by hand after review."),
        ["GuestUser"] = ("The cloud user is a guest.", "Guests are not hard-matched; leave the user out."),
        ["ObjectGuidMismatch"] = ("The objectGuid sent is not the resolved AD user's.", "Send the user's real objectGUID, or none."),
        ["AnchorSourceUnavailable"] = ("The requested anchor source is not set on the AD user.", "Use source auto, or set mS-DS-ConsistencyGuid first."),
        ["Throttled"] = ("Microsoft Graph throttled after the retries.", "Run the job again for these users later."),
        ["UpstreamUnavailable"] = ("Graph or the domain controller was unavailable.", "Check the readiness probe (GET /api/health?ready=true), then run them again."),
        ["UpstreamError"] = ("A directory refused the request.", "Read the detail; usually a missing permission."),
        ["AnchorSourceMismatch"] = ("mS-DS-ConsistencyGuid differs from objectGUID (a warning).", "Make sure Entra Connect uses the same anchor source."),
        ["AlreadyMatched"] = ("The user already holds the right value (a warning).", "Nothing to do."),
        ["NothingToClear"] = ("The user has no immutable ID to clear.", "Nothing to do."),
        ["UserBusy"] = ("Another write for this user was running.", "Run the job again for this user."),
        ["AgentStale"] = ("The on-prem agent's data is too old to trust.", "Check the agent (GET /api/agents), then run them again."),
    };

    private static readonly string[] OutcomeOrder = ["succeeded", "planned", "noChange", "refused", "failed", "cancelled", "queued", "running"];

    /// <summary>The page for <paramref name="job"/> and all its <paramref name="items"/>, rendered at <paramref name="now"/>.</summary>
    public static string Render(JobView job, IReadOnlyList<JobItemView> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(items);
        var page = new StringBuilder(16_384);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Readiness report: ").Append(E(job.Operation)).Append(" job ").Append(job.Id.ToString("D")).Append("</title>\n")
            .Append("<style>\n")
            .Append("body{font-family:system-ui,'Segoe UI',sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\n")
            .Append("table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .75rem;border-bottom:1px solid #ddd;vertical-align:top}\n")
            .Append(".chart{display:grid;grid-template-columns:12rem 1fr 4rem;gap:.3rem .75rem;align-items:center;max-width:48rem}\n")
            .Append(".track{background:#eee;height:1.1rem}.bar{height:1.1rem;background:#0f6cbd}.bar.refused,.bar.failed{background:#c50f1f}.bar.succeeded,.bar.noChange{background:#107c10}\n")
            .Append(".count{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.95em}\n")
            .Append("</style>\n</head>\n<body>\n");

        page.Append("<h1>Readiness report: ").Append(E(job.Operation)).Append(job.DryRun ? " (dry run)" : string.Empty).Append("</h1>\n<table class=\"job\">\n");
        Row(page, "Job", job.Id.ToString("D"));
        Row(page, "State", job.State);
        Row(page, "Users", $"{job.Done.ToString(CultureInfo.InvariantCulture)} of {job.Total.ToString(CultureInfo.InvariantCulture)} done");
        Row(page, "Ticket", job.Ticket ?? "—");
        Row(page, "Reason", job.Reason ?? "—");
        Row(page, "Submitted", job.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        Row(page, "Ended", job.EndedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "not yet");
        Row(page, "Report made", now.ToString("u", CultureInfo.InvariantCulture));
        page.Append("</table>\n");

        page.Append("<h2>Users per outcome</h2>\n<div class=\"chart\" id=\"outcomes\">\n");
        var outcomes = job.Counts.Where(c => c.Value > 0).OrderBy(c => Array.IndexOf(OutcomeOrder, c.Key) is var i && i < 0 ? int.MaxValue : i).ToList();
        foreach (var (outcome, count) in outcomes)
        {
            Bar(page, "outcome", outcome, outcome, count, job.Total);
        }

        page.Append("</div>\n");

        var codes = job.Codes.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        page.Append("<h2>Users per code</h2>\n");
        if (codes.Count == 0)
        {
            page.Append("<p>No user has a guardrail code.</p>\n");
        }
        else
        {
            page.Append("<div class=\"chart\" id=\"codes\">\n");
            var most = codes.Max(c => c.Value);
            foreach (var (code, count) in codes)
            {
                Bar(page, "code", code, "code", count, most);
            }

            page.Append("</div>\n<h2>What each code means and what to do</h2>\n<table id=\"guidance\">\n<tr><th>Code</th><th>Users</th><th>What it means</th><th>What to do</th></tr>\n");
            foreach (var (code, count) in codes)
            {
                var (meaning, action) = Guidance.TryGetValue(code, out var known) ? known : ("A code this report has no text for.", "See the item's detail.");
                page.Append("<tr data-code=\"").Append(E(code)).Append("\"><td><code>").Append(E(code)).Append("</code></td><td class=\"count\">")
                    .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(meaning)).Append("</td><td>").Append(E(action)).Append("</td></tr>\n");
            }

            page.Append("</table>\n<h2>The users under each code</h2>\n");
            foreach (var (code, count) in codes)
            {
                var users = items.Where(i => i.Codes.Contains(code, StringComparer.Ordinal)).ToList();
                page.Append("<details class=\"users\" data-code=\"").Append(E(code)).Append('"').Append(users.Count <= OpenListLimit ? " open" : string.Empty)
                    .Append("><summary><code>").Append(E(code)).Append("</code>: ").Append(count.ToString(CultureInfo.InvariantCulture))
                    .Append(count == 1 ? " user" : " users").Append("</summary>\n<table>\n<tr><th>User</th><th>Outcome</th><th>AD object</th><th>Detail</th></tr>\n");
                foreach (var item in users)
                {
                    page.Append("<tr><td>").Append(E(item.User)).Append("</td><td>").Append(E(item.Status)).Append("</td><td>")
                        .Append(E(item.OnPremDistinguishedName ?? "—")).Append("</td><td>").Append(E(item.Detail ?? string.Empty)).Append("</td></tr>\n");
                }

                page.Append("</table>\n</details>\n");
            }
        }

        page.Append("<p>Every user, with cloud id, anchor and audit record: <code>").Append(E(job.Links.ItemsCsv)).Append("</code> (CSV).</p>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static string E(string value) => Html.Encode(value);

    private static void Row(StringBuilder page, string name, string value) =>
        page.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    private static void Bar(StringBuilder page, string kind, string name, string style, int count, int of)
    {
        var percent = of == 0 ? 0 : Math.Round(100.0 * count / of, 1);
        page.Append("<div class=\"label\">").Append(E(name)).Append("</div><div class=\"track\"><div class=\"bar ").Append(E(style))
            .Append("\" data-").Append(kind).Append("=\"").Append(E(name)).Append("\" style=\"width:")
            .Append(percent.ToString("0.#", CultureInfo.InvariantCulture)).Append("%\"></div></div><div class=\"count\">")
            .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</div>\n");
    }
}
