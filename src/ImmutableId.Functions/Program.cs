using ImmutableId.Functions;
using ImmutableId.Functions.Middleware;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddImmutableIdFunctions();
builder.UseHardenedAnswers();
builder.Build().Run();
