using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.Jobs;

/// <summary>The owner's <see cref="DirectoryScope"/> as stored with a job (the lists it was built from).</summary>
/// <param name="UpnDomains">Allowed UPN domains (empty: any).</param>
/// <param name="OrganizationalUnits">Allowed OUs (empty: any).</param>
public sealed record JobScope(IReadOnlyList<string> UpnDomains, IReadOnlyList<string> OrganizationalUnits)
{
    /// <summary>The stored form of <paramref name="scope"/>.</summary>
    public static JobScope From(DirectoryScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new JobScope(scope.UpnDomains.ToArray(), scope.OrganizationalUnits.ToArray());
    }

    /// <summary>The scope again.</summary>
    public DirectoryScope ToScope() => new(UpnDomains, OrganizationalUnits);
}
