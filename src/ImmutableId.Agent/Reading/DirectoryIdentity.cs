namespace ImmutableId.Agent.Reading;

/// <summary>Which directory replica is read: a different DC or invocation id means the high-water mark means nothing there.</summary>
/// <param name="Host">The DC's DNS host name (or the LDIF file).</param>
/// <param name="InvocationId">The DC's database invocation id (changes on restore) or the LDIF file's version.</param>
/// <param name="HighestCommittedUsn">highestCommittedUSN read before the search: the next high-water mark.</param>
internal sealed record DirectoryIdentity(string Host, string InvocationId, long HighestCommittedUsn);
