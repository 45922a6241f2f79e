namespace ImmutableId.Api.Diagnoses;

/// <summary>One step of the fix, in order.</summary>
/// <param name="Step">1, 2, 3…</param>
/// <param name="Kind"><c>api</c> (a call to this API), <c>graph</c> (a Microsoft Graph call an administrator makes), <c>command</c> (PowerShell on the Connect server) or <c>manual</c> (a change in AD or the admin center).</param>
/// <param name="Method">The HTTP method, for api and graph steps.</param>
/// <param name="Path">The path (api: relative to the host, with the /api prefix; graph: the full URL), or the command.</param>
/// <param name="Body">The JSON body to send, when there is one.</param>
/// <param name="Why">What the step does and why.</param>
public sealed record DiagnosisStep(int Step, string Kind, string? Method, string Path, string? Body, string Why);
