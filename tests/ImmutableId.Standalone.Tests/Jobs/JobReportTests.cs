using System.Net;
using System.Text.Json;
using ImmutableId.Api.Auth;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// GET /api/jobs/{id}/report: the readiness report as one self-contained HTML page, rendered in headless Chromium
/// (what a person sees: counts, bars in proportion, what each code means, the users per code) and checked for escaping.
/// The job: an assess of generated users 1–20 (15 planned; refused: 3 and 13 OnPremUserNotFound, 7 and 17 OutOfScope,
/// 11 OnPremAccountDisabled), with a ticket and a reason that are markup.
/// </summary>
public sealed class JobReportTests(ManualJobsFactory factory) : IClassFixture<ManualJobsFactory>
{
    private const string Operator = "f0000000-0000-4000-8000-0000000000e1";
    private const string Ticket = "CHG-<script>alert(1)</script>";
    private const string Reason = "Cutover \"><img src=x onerror=alert(2)> & <b>bold</b>";

    private async Task<(Guid Id, HttpResponseMessage Report, string Html)> AssessAndReportAsync()
    {
        await factory.ProcessAsync();
        var client = factory.ClientWith(Operator, AppRoles.Read);
        var (id, accepted) = await SubmitAsync(client, new { operation = "assess", users = Enumerable.Range(1, 20).Select(JobsTenant.Upn), ticket = Ticket, reason = Reason });
        await factory.ProcessAsync();
        Assert.Equal($"/api/jobs/{id:D}/report", accepted.GetProperty("links").GetProperty("report").GetString());

        var report = await client.GetAsync($"/api/jobs/{id:D}/report");
        return (id, report, await report.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Report_CallerTextAndDirectoryText_EscapedNoScriptNoExternalFile()
    {
        var (_, report, html) = await AssessAndReportAsync();

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", report.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CHG-&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Report_RenderedInChromium_ShowsCountsBarsGuidanceAndUsersPerCode()
    {
        var (id, _, html) = await AssessAndReportAsync();
        var file = Path.Combine(Path.GetTempPath(), $"immutableid-report-{id:D}.html");
        await File.WriteAllTextAsync(file, html);
        try
        {
            await using var chromium = await HeadlessChromium.OpenAsync(file);

            var text = (await chromium.EvaluateAsync("document.body.innerText")).GetString()!;
            var shown = await chromium.EvaluateAsync("""
                JSON.stringify({
                  scripts: document.scripts.length,
                  images: document.images.length,
                  bars: [...document.querySelectorAll('.bar')].map(b => ({
                    name: b.dataset.outcome || b.dataset.code,
                    kind: b.dataset.outcome ? 'outcome' : 'code',
                    share: b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width })),
                  guidance: [...document.querySelectorAll('#guidance tr[data-code]')].map(r => [...r.cells].map(c => c.innerText)),
                  users: Object.fromEntries([...document.querySelectorAll('details.users')].map(d =>
                    [d.dataset.code, [...d.querySelectorAll('tr td:first-child')].map(c => c.innerText)]))
                })
                """);
            using var page = JsonDocument.Parse(shown.GetString()!);
            var root = page.RootElement;

            // Nothing runs; the caller's markup is shown as text.
            Assert.Equal(0, root.GetProperty("scripts").GetInt32());
            Assert.Equal(0, root.GetProperty("images").GetInt32());
            Assert.Contains(Ticket, text, StringComparison.Ordinal);
            Assert.Contains(Reason, text, StringComparison.Ordinal);
            Assert.Contains("20 of 20 done", text, StringComparison.Ordinal);

            // The charts: each bar's share of its track is the count over the total (outcomes) or over the largest code.
            var bars = root.GetProperty("bars").EnumerateArray().ToDictionary(b => (b.GetProperty("kind").GetString(), b.GetProperty("name").GetString()), b => b.GetProperty("share").GetDouble());
            Assert.Equal(0.75, bars[("outcome", "planned")], 2);
            Assert.Equal(0.25, bars[("outcome", "refused")], 2);
            Assert.Equal(1.0, bars[("code", "OnPremUserNotFound")], 2);
            Assert.Equal(1.0, bars[("code", "OutOfScope")], 2);
            Assert.Equal(0.5, bars[("code", "OnPremAccountDisabled")], 2);

            // What each code means and what to do, with its count.
            var rows = root.GetProperty("guidance").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
            Assert.Equal(["OnPremUserNotFound", "OutOfScope", "OnPremAccountDisabled"], rows.Select(r => r[0]));   // most users first
            var guidance = rows.ToDictionary(r => r[0]);
            Assert.Equal("2", guidance["OnPremUserNotFound"][1]);
            Assert.Contains("Enable the AD account first", guidance["OnPremAccountDisabled"][3], StringComparison.Ordinal);
            Assert.Contains("allow-lists", guidance["OutOfScope"][2], StringComparison.Ordinal);

            // The users under each code, as shown (the lists are open).
            var users = root.GetProperty("users");
            Assert.Equal([JobsTenant.Upn(3), JobsTenant.Upn(13)], users.GetProperty("OnPremUserNotFound").EnumerateArray().Select(u => u.GetString()));
            Assert.Equal([JobsTenant.Upn(7), JobsTenant.Upn(17)], users.GetProperty("OutOfScope").EnumerateArray().Select(u => u.GetString()));
            Assert.Equal([JobsTenant.Upn(11)], users.GetProperty("OnPremAccountDisabled").EnumerateArray().Select(u => u.GetString()));
            Assert.DoesNotContain(JobsTenant.Upn(1), text, StringComparison.Ordinal);   // a planned user has no code: listed in the CSV only
        }
        finally
        {
            File.Delete(file);
        }
    }
}
