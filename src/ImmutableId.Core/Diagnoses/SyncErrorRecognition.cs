namespace ImmutableId.Core.Diagnoses;

/// <summary>What the catalog recognised in a pasted error text.</summary>
/// <param name="Rule">The error recognised.</param>
/// <param name="Matched">The fragment of the text that matched.</param>
/// <param name="AlsoPossible">Other errors sharing the same text (e.g. the duplicate-value text of InvalidSoftMatch and AttributeValueMustBeUnique when no code was pasted).</param>
/// <param name="UserPrincipalNames">UPNs (and mail addresses) named in the text, in order: the first is the likely user.</param>
/// <param name="Attribute">The attribute the text names (e.g. ProxyAddresses, UserPrincipalName, FederatedUser.UserPrincipalName), when it names one.</param>
public sealed record SyncErrorRecognition(
    SyncErrorRule Rule,
    string Matched,
    IReadOnlyList<SyncErrorRule> AlsoPossible,
    IReadOnlyList<string> UserPrincipalNames,
    string? Attribute);
