using System.Net;
using System.Text;
using System.Text.Json;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>Calls of the jobs API the suites share.</summary>
internal static class JobClient
{
    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Submits a job and answers its id (asserting 202 and the Location header).</summary>
    public static async Task<(Guid Id, JsonElement Job)> SubmitAsync(HttpClient client, object body)
    {
        var response = await client.PostAsync("/api/jobs", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var id = document.RootElement.GetProperty("id").GetGuid();
        Assert.Equal($"/api/jobs/{id:D}", response.Headers.Location?.ToString());
        return (id, document.RootElement.Clone());
    }

    /// <summary>Polls the job until it is completed or cancelled (at most <paramref name="limit"/>; a hung job fails the test with its last state).</summary>
    public static async Task<JsonElement> WaitFinishedAsync(HttpClient client, Guid id, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(2));
        JsonElement job;
        do
        {
            var response = await client.GetAsync($"/api/jobs/{id:D}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            job = await ReadAsync(response);
            if (job.GetProperty("state").GetString() is "completed" or "cancelled" or "failed")
            {
                return job;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < until);

        Assert.Fail("The job did not finish: " + job.GetRawText());
        return job;
    }

    /// <summary>Every item of the job, through the paged JSON list.</summary>
    public static async Task<List<JsonElement>> ItemsAsync(HttpClient client, Guid id, string filter = "")
    {
        var items = new List<JsonElement>();
        var url = $"/api/jobs/{id:D}/items?pageSize=128{filter}";
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await ReadAsync(response);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            url = page.GetProperty("nextLink").ValueKind == JsonValueKind.String ? page.GetProperty("nextLink").GetString() : null;
            Assert.True(url is null || Uri.TryCreate(url, UriKind.Absolute, out _), $"nextLink is not absolute (connectors follow absolute links only): {url}");
        }

        return items;
    }

    public static string Status(JsonElement item) => item.GetProperty("status").GetString()!;

    public static IReadOnlyList<string> Codes(JsonElement item) => item.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
}
