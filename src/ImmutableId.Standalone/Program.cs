using ImmutableId.Standalone;
using ImmutableId.Standalone.Hardening;

var builder = WebApplication.CreateBuilder(args);
builder.AddImmutableIdStandalone();

var app = builder.Build();
await app.StartSandboxAsync();
app.UseHardenedAnswers();
app.MapImmutableIdApi();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();

/// <summary>The Standalone host's entry point; public for WebApplicationFactory in the end-to-end tests.</summary>
public partial class Program;
