using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.State;

/// <summary>A user as stored; mutated only under <see cref="TenantStore"/>'s lock.</summary>
internal sealed class UserEntity
{
    public UserEntity(SeedUser user, long sequence, bool deleted)
    {
        Data = user;
        Sequence = sequence;
        Deleted = deleted;
    }

    /// <summary>The current properties (records are replaced on change, so snapshots stay valid).</summary>
    public SeedUser Data { get; set; }

    /// <summary>Insertion order: the order <c>/users</c> lists users in.</summary>
    public long Sequence { get; }

    public bool Deleted { get; }

    /// <summary>The immutable ID advanced queries still see until <see cref="ImmutableIdChangedAt"/> + lag (eventual consistency).</summary>
    public string? PreviousImmutableId { get; set; }

    public DateTimeOffset? ImmutableIdChangedAt { get; set; }
}
