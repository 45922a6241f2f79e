using ImmutableId.Api.ImmutableIds;

namespace ImmutableId.Api.Diagnoses;

/// <summary>The answer of <c>POST /api/diagnoses</c> for a recognised error.</summary>
/// <param name="Error">The error recognised.</param>
/// <param name="AlsoPossible">Other errors that share the pasted text.</param>
/// <param name="User">The user diagnosed, or null when neither the body nor the text named one.</param>
/// <param name="UserFrom"><c>body</c> or <c>text</c>: where <paramref name="User"/> came from.</param>
/// <param name="Cause">Why this error happens for this user, from the user's status read now.</param>
/// <param name="Fix">The fix as exact calls, dry run first.</param>
/// <param name="Status">The user's status as <c>GET /api/users/{user}/immutable-id</c> answers it (null without a user, or when neither side exists).</param>
public sealed record DiagnosisResponse(
    DiagnosisResponse.ErrorView Error,
    IReadOnlyList<string> AlsoPossible,
    string? User,
    string? UserFrom,
    string Cause,
    IReadOnlyList<DiagnosisStep> Fix,
    ImmutableIdResponse? Status)
{
    /// <summary>The recognised error.</summary>
    /// <param name="Code">InvalidSoftMatch, AttributeValueMustBeUnique, HardMatchSecurityHardening, ObjectTypeMismatch, DataValidationFailed, FederatedDomainChangeError, InvalidHardMatch or ExistingAdminRoleConflict.</param>
    /// <param name="Title">Its name as admins see it.</param>
    /// <param name="Meaning">What it means in general.</param>
    /// <param name="ImmutableIdFixes">yes, no or sometimes: whether writing or clearing the immutable ID can fix it.</param>
    /// <param name="Matched">The fragment of the pasted text that was recognised.</param>
    /// <param name="Attribute">The attribute the text names, when it names one.</param>
    /// <param name="Sources">Where the message text and the meaning are documented.</param>
    public sealed record ErrorView(string Code, string Title, string Meaning, string ImmutableIdFixes, string Matched, string? Attribute, IReadOnlyList<string> Sources);
}
