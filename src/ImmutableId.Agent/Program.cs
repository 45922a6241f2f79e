using ImmutableId.Agent;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddImmutableIdAgent();
using var host = builder.Build();
await host.RunAsync();
