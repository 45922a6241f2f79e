using ImmutableId.Api.Agents;
using ImmutableId.Api.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Functions.Tests;

/// <summary>The agent functions by direct invocation: thin classes over the shared handlers and the same gate.</summary>
public sealed class AgentFunctionTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    [Fact]
    public async Task PostAgentBatch_ReadToken_Answers403InsufficientRole()
    {
        var function = new PostAgentBatchFunction(auth.Runner<ImmutableId.Api.Agents.AgentBatchHandler>());
        var request = FunctionInvocation.JsonRequest("POST", "/api/agent/batches", "{\"sequence\":1,\"entries\":[]}", auth.Issuer.AppToken(AppRoles.Read));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, CancellationToken.None), request);

        Assert.Equal(403, status);
        Assert.Equal("InsufficientRole", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task PostAgentBatch_AgentTokenOfNoBoundAgent_Answers403AgentNotBound()
    {
        var function = new PostAgentBatchFunction(auth.Runner<ImmutableId.Api.Agents.AgentBatchHandler>());
        var request = FunctionInvocation.JsonRequest("POST", "/api/agent/batches", "{\"sequence\":1,\"entries\":[]}", auth.Issuer.AppToken(AppRoles.Agent));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, CancellationToken.None), request);

        Assert.Equal(403, status);
        Assert.Equal("AgentNotBound", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ListAgents_AgentToken_Answers403AgentTokenNotAllowed()
    {
        var function = new ListAgentsFunction(auth.Runner<ImmutableId.Api.Agents.AgentsHandler>());
        var request = FunctionInvocation.JsonRequest("GET", "/api/agents", null, auth.Issuer.AppToken(AppRoles.Agent, AppRoles.Read));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, CancellationToken.None), request);

        Assert.Equal(403, status);
        Assert.Equal("AgentTokenNotAllowed", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ListAgents_ReadToken_AnswersTheAgentList()
    {
        var function = new ListAgentsFunction(auth.Runner<ImmutableId.Api.Agents.AgentsHandler>());
        var request = FunctionInvocation.JsonRequest("GET", "/api/agents", null, auth.Issuer.AppToken(AppRoles.Read));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal(3600, body.GetProperty("staleAfterSeconds").GetInt64());
        Assert.Equal(0, body.GetProperty("agents").GetArrayLength());
    }
}
