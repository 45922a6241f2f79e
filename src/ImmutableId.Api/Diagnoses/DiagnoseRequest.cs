namespace ImmutableId.Api.Diagnoses;

/// <summary>Body of <c>POST /api/diagnoses</c>.</summary>
/// <param name="Text">The error text or code as pasted from Entra Connect, Cloud Sync or the Entra admin center.</param>
/// <param name="User">The user (UPN or objectGUID); when omitted, the first UPN named in the text.</param>
/// <param name="Ticket">A ticket reference to put into the suggested calls.</param>
public sealed record DiagnoseRequest(string? Text, string? User, string? Ticket);
