using System.Text.RegularExpressions;

namespace ImmutableId.Core.Diagnoses;

/// <summary>One recognisable sync error: how its text looks, what it means, whether an immutable ID fixes it, and where that is documented.</summary>
/// <param name="Kind">The error.</param>
/// <param name="Title">Its name as admins see it.</param>
/// <param name="Meaning">What it means, in general.</param>
/// <param name="ImmutableIdFixes">Whether writing (or clearing) the immutable ID can fix it: yes, no, or sometimes.</param>
/// <param name="Sources">Where the message text and the meaning come from.</param>
/// <param name="Patterns">What is looked for in the pasted text (any one matches).</param>
public sealed record SyncErrorRule(
    SyncErrorKind Kind,
    string Title,
    string Meaning,
    string ImmutableIdFixes,
    IReadOnlyList<string> Sources,
    IReadOnlyList<Regex> Patterns)
{
    /// <summary>What is looked for, in words (for the "not recognised" answer).</summary>
    public IEnumerable<string> LookedFor => Patterns.Select(p => p.ToString());
}
