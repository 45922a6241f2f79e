using System.Security.Cryptography;
using System.Text;
using ImmutableId.EntraEmulator.Graph;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.State;

/// <summary>
/// The tenant's state with indexes on every filtered property. One lock guards it all: every public member takes
/// it, so callers never see a half-applied change.
/// </summary>
internal sealed class TenantStore
{
    private readonly object _gate = new();
    private TenantSeed _seed = new(Guid.Empty.ToString());
    private readonly List<UserEntity> _users = [];
    private readonly Dictionary<string, UserEntity> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserEntity> _byUpn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<UserEntity>> _byMail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<UserEntity>> _byImmutableId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserEntity> _deletedByUpn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserEntity> _deletedByImmutableId = new(StringComparer.Ordinal);
    private readonly List<UserEntity> _recentImmutableIdChanges = [];
    private readonly Dictionary<string, SeedDomain> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SeedGroup> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> _memberOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SeedRoleAssignment> _roleAssignments = [];
    private readonly List<SeedRoleAssignment> _roleEligibilities = [];
    private readonly List<SeedServicePrincipal> _servicePrincipals = [];
    private readonly List<AppRoleAssignmentEntity> _appRoleAssignments = [];
    private readonly List<SeedSyncJob> _syncJobs = [];

    public string TenantId { get; private set; } = Guid.Empty.ToString();

    public string? DisplayName { get; private set; }

    /// <summary>The size the throttling tier is computed from.</summary>
    public int Size { get; private set; }

    /// <summary>The number of live users.</summary>
    public int UserCount
    {
        get { lock (_gate) { return _users.Count; } }
    }

    /// <summary>Replaces the whole state with <paramref name="seed"/>.</summary>
    /// <exception cref="InvalidDataException">The seed is inconsistent (duplicate ids or UPNs…).</exception>
    public void Load(TenantSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        lock (_gate)
        {
            Clear();
            _seed = seed;
            TenantId = seed.TenantId;
            DisplayName = seed.DisplayName;
            foreach (var domain in seed.Domains ?? [])
            {
                _domains[domain.Id] = domain;
            }

            foreach (var user in seed.Users ?? [])
            {
                AddUser(user);
            }

            foreach (var bulk in seed.BulkUsers ?? [])
            {
                for (var i = 1; i <= bulk.Count; i++)
                {
                    var name = $"{bulk.Prefix}{i:D6}";
                    var id = DeterministicGuid($"{bulk.Prefix}/{bulk.Domain}/{i}");
                    var immutableId = bulk.WithImmutableIdEvery > 0 && i % bulk.WithImmutableIdEvery == 0
                        ? Convert.ToBase64String(Guid.Parse(DeterministicGuid($"anchor/{id}")).ToByteArray())
                        : null;
                    AddUser(new SeedUser(id, $"{name}@{bulk.Domain}", $"Bulk User {i}", Mail: $"{name}@{bulk.Domain}", OnPremisesImmutableId: immutableId));
                }
            }

            foreach (var deleted in seed.DeletedUsers ?? [])
            {
                var entity = new UserEntity(deleted, -1, deleted: true);
                _deletedByUpn[deleted.UserPrincipalName] = entity;
                if (deleted.OnPremisesImmutableId is { } value)
                {
                    _deletedByImmutableId[value] = entity;
                }
            }

            foreach (var group in seed.Groups ?? [])
            {
                _groups[group.Id] = group;
                foreach (var member in group.Members ?? [])
                {
                    if (!_memberOf.TryGetValue(member, out var list))
                    {
                        _memberOf[member] = list = [];
                    }

                    list.Add(group.Id);
                }
            }

            _roleAssignments.AddRange((seed.RoleAssignments ?? []).Select(a => a with { Id = a.Id ?? DeterministicGuid($"ra/{a.PrincipalId}/{a.RoleDefinitionId}") }));
            _roleEligibilities.AddRange((seed.RoleEligibilities ?? []).Select(a => a with { Id = a.Id ?? DeterministicGuid($"re/{a.PrincipalId}/{a.RoleDefinitionId}") }));
            _servicePrincipals.AddRange(seed.ServicePrincipals ?? []);
            foreach (var grant in seed.AppRoleAssignments ?? [])
            {
                _appRoleAssignments.Add(new AppRoleAssignmentEntity(
                    grant.Id ?? DeterministicGuid($"ara/{grant.PrincipalId}/{grant.AppRoleId}"), grant.PrincipalId, grant.ResourceId, grant.AppRoleId, DateTimeOffset.UnixEpoch));
            }

            _syncJobs.AddRange(seed.SyncJobs ?? []);
            Size = seed.Size ?? _users.Count;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> holding the store's lock (re-entrant), so a check-then-write such as a PATCH's
    /// uniqueness check and its write is atomic against concurrent requests.
    /// </summary>
    public T Exclusive<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    /// <summary>Reloads the last seed: every change since is gone.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Load(_seed);
        }
    }

    /// <summary>A live user by object id or UPN.</summary>
    public SeedUser? FindUser(string idOrUpn)
    {
        lock (_gate)
        {
            return Find(idOrUpn)?.Data;
        }
    }

    /// <summary>The domain, or null.</summary>
    public SeedDomain? FindDomain(string name)
    {
        lock (_gate)
        {
            return _domains.GetValueOrDefault(name);
        }
    }

    public IReadOnlyList<SeedDomain> Domains()
    {
        lock (_gate)
        {
            return [.. _domains.Values];
        }
    }

    /// <summary>
    /// Users matching <paramref name="filter"/> in listing order. With <paramref name="eventualView"/>, immutable ID
    /// changes younger than <paramref name="lag"/> are not visible yet (advanced queries are eventually consistent).
    /// </summary>
    public List<SeedUser> QueryUsers(FilterNode? filter, bool eventualView, TimeSpan lag, DateTimeOffset now)
    {
        lock (_gate)
        {
            var view = eventualView && lag > TimeSpan.Zero ? new LaggedView(now - lag) : null;
            var candidates = filter is null ? null : Candidates(filter, view);
            IEnumerable<UserEntity> source = candidates is null ? _users : candidates.OrderBy(u => u.Sequence);
            return source
                .Where(u => filter is null || UserFilter.Matches(filter, u, view))
                .Select(u => u.Data)
                .ToList();
        }
    }

    /// <summary>Applies a PATCH already validated by the caller; maintains every index.</summary>
    public void Replace(SeedUser before, SeedUser after, DateTimeOffset now)
    {
        lock (_gate)
        {
            var entity = _byId[before.Id];
            if (!string.Equals(before.UserPrincipalName, after.UserPrincipalName, StringComparison.Ordinal))
            {
                _byUpn.Remove(before.UserPrincipalName);
                _byUpn[after.UserPrincipalName] = entity;
            }

            if (!string.Equals(before.Mail, after.Mail, StringComparison.OrdinalIgnoreCase))
            {
                RemoveFrom(_byMail, before.Mail, entity);
                AddTo(_byMail, after.Mail, entity);
            }

            if (!string.Equals(before.OnPremisesImmutableId, after.OnPremisesImmutableId, StringComparison.Ordinal))
            {
                RemoveFrom(_byImmutableId, before.OnPremisesImmutableId, entity);
                AddTo(_byImmutableId, after.OnPremisesImmutableId, entity);
                entity.PreviousImmutableId = before.OnPremisesImmutableId;
                entity.ImmutableIdChangedAt = now;
                _recentImmutableIdChanges.Remove(entity);
                _recentImmutableIdChanges.Add(entity);
                if (_recentImmutableIdChanges.Count > 10_000)
                {
                    _recentImmutableIdChanges.RemoveAt(0);
                }
            }

            entity.Data = after;
        }
    }

    /// <summary>The live or soft-deleted user that holds <paramref name="immutableId"/>, other than <paramref name="exceptId"/>.</summary>
    public string? ImmutableIdHolder(string immutableId, string exceptId)
    {
        lock (_gate)
        {
            var live = _byImmutableId.GetValueOrDefault(immutableId)?.FirstOrDefault(u => !string.Equals(u.Data.Id, exceptId, StringComparison.OrdinalIgnoreCase));
            return live?.Data.Id ?? _deletedByImmutableId.GetValueOrDefault(immutableId)?.Data.Id;
        }
    }

    /// <summary>The live or soft-deleted user that holds <paramref name="upn"/>, other than <paramref name="exceptId"/>.</summary>
    public string? UpnHolder(string upn, string exceptId)
    {
        lock (_gate)
        {
            var holder = _byUpn.GetValueOrDefault(upn) ?? _deletedByUpn.GetValueOrDefault(upn);
            return holder is null || string.Equals(holder.Data.Id, exceptId, StringComparison.OrdinalIgnoreCase) ? null : holder.Data.Id;
        }
    }

    /// <summary>The groups <paramref name="principalId"/> belongs to, directly or through nested groups.</summary>
    public List<SeedGroup> TransitiveGroups(string principalId)
    {
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = new List<SeedGroup>();
            var queue = new Queue<string>([principalId]);
            while (queue.Count > 0)
            {
                foreach (var groupId in _memberOf.GetValueOrDefault(queue.Dequeue()) ?? [])
                {
                    if (seen.Add(groupId) && _groups.TryGetValue(groupId, out var group))
                    {
                        result.Add(group);
                        queue.Enqueue(groupId);
                    }
                }
            }

            return result;
        }
    }

    /// <summary>The Cloud Sync job <paramref name="jobId"/> of service principal <paramref name="servicePrincipalId"/>, or null.</summary>
    public SeedSyncJob? FindSyncJob(string servicePrincipalId, string jobId)
    {
        lock (_gate)
        {
            return _syncJobs.FirstOrDefault(j =>
                string.Equals(j.ServicePrincipalId, servicePrincipalId, StringComparison.OrdinalIgnoreCase) && string.Equals(j.JobId, jobId, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The Cloud Sync jobs of <paramref name="servicePrincipalId"/>.</summary>
    public List<SeedSyncJob> SyncJobs(string servicePrincipalId)
    {
        lock (_gate)
        {
            return _syncJobs.Where(j => string.Equals(j.ServicePrincipalId, servicePrincipalId, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }

    /// <summary>The live user whose onPremisesImmutableId is <paramref name="immutableId"/> (case-sensitive), or null.</summary>
    public SeedUser? FindByImmutableId(string immutableId)
    {
        lock (_gate)
        {
            return _byImmutableId.GetValueOrDefault(immutableId)?.FirstOrDefault()?.Data;
        }
    }

    /// <summary>Every role the principal holds: active or eligible, direct or through role-assignable groups.</summary>
    public List<SeedRoleAssignment> EffectiveActiveOrEligibleRoles(string principalId)
    {
        var principals = TransitiveGroups(principalId).Where(g => g.IsAssignableToRole).Select(g => g.Id).Append(principalId)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. RoleAssignments(a => principals.Contains(a.PrincipalId)), .. RoleEligibilities(a => principals.Contains(a.PrincipalId))];
    }

    public List<SeedRoleAssignment> RoleAssignments(Func<SeedRoleAssignment, bool> predicate)
    {
        lock (_gate)
        {
            return _roleAssignments.Where(predicate).ToList();
        }
    }

    public List<SeedRoleAssignment> RoleEligibilities(Func<SeedRoleAssignment, bool> predicate)
    {
        lock (_gate)
        {
            return _roleEligibilities.Where(predicate).ToList();
        }
    }

    /// <summary>Active roles of <paramref name="principalId"/>: direct, and through role-assignable groups.</summary>
    public List<SeedRoleAssignment> EffectiveActiveRoles(string principalId)
    {
        var principals = TransitiveGroups(principalId).Where(g => g.IsAssignableToRole).Select(g => g.Id).Append(principalId)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return RoleAssignments(a => principals.Contains(a.PrincipalId));
    }

    public List<SeedServicePrincipal> ServicePrincipals()
    {
        lock (_gate)
        {
            return [.. _servicePrincipals];
        }
    }

    public SeedServicePrincipal? FindServicePrincipal(string id)
    {
        lock (_gate)
        {
            return _servicePrincipals.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
        }
    }

    public SeedServicePrincipal? FindServicePrincipalByAppId(string appId)
    {
        lock (_gate)
        {
            return _servicePrincipals.FirstOrDefault(s => string.Equals(s.AppId, appId, StringComparison.OrdinalIgnoreCase));
        }
    }

    public List<AppRoleAssignmentEntity> AppRoleAssignments(Func<AppRoleAssignmentEntity, bool> predicate)
    {
        lock (_gate)
        {
            return _appRoleAssignments.Where(predicate).ToList();
        }
    }

    /// <summary>Adds a grant unless the same one exists; answers the new grant, or null when it was a duplicate.</summary>
    public AppRoleAssignmentEntity? TryAddAppRoleAssignment(string principalId, string resourceId, string appRoleId, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_appRoleAssignments.Any(a => Same(a.PrincipalId, principalId) && Same(a.ResourceId, resourceId) && Same(a.AppRoleId, appRoleId)))
            {
                return null;
            }

            var grant = new AppRoleAssignmentEntity(Guid.NewGuid().ToString(), principalId, resourceId, appRoleId, now);
            _appRoleAssignments.Add(grant);
            return grant;
        }
    }

    /// <summary>The display name of any directory object (user, group, service principal), or null.</summary>
    public string? DisplayNameOf(string objectId)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(objectId)?.Data.DisplayName
                ?? _groups.GetValueOrDefault(objectId)?.DisplayName
                ?? _servicePrincipals.FirstOrDefault(s => Same(s.Id, objectId))?.DisplayName;
        }
    }

    /// <summary>A stable GUID from a name (seed-generated ids stay the same across runs).</summary>
    public static string DeterministicGuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private UserEntity? Find(string idOrUpn) =>
        _byId.GetValueOrDefault(idOrUpn) ?? _byUpn.GetValueOrDefault(idOrUpn);

    private IEnumerable<UserEntity>? Candidates(FilterNode node, LaggedView? view)
    {
        switch (node)
        {
            case EqualsNode { Value: string value } eq:
                return Lookup(eq.Property, value, view);
            case InNode @in when @in.Values.All(v => v is string):
                var sets = @in.Values.Select(v => Lookup(@in.Property, (string)v!, view)).ToList();
                return sets.Any(s => s is null) ? null : sets.SelectMany(s => s!).Distinct();
            case LogicalNode { IsAnd: true } and:
                return Candidates(and.Left, view) ?? Candidates(and.Right, view);
            case LogicalNode { IsAnd: false } or:
                var left = Candidates(or.Left, view);
                var right = left is null ? null : Candidates(or.Right, view);
                return left is null || right is null ? null : left.Concat(right).Distinct();
            default:
                return null;
        }
    }

    private IEnumerable<UserEntity>? Lookup(string property, string value, LaggedView? view)
    {
        switch (property)
        {
            case UserFilter.Id:
                return _byId.TryGetValue(value, out var byId) ? [byId] : [];
            case UserFilter.UserPrincipalName:
                return _byUpn.TryGetValue(value, out var byUpn) ? [byUpn] : [];
            case UserFilter.Mail:
                return _byMail.GetValueOrDefault(value) ?? [];
            case UserFilter.OnPremisesImmutableId:
                IEnumerable<UserEntity> current = _byImmutableId.GetValueOrDefault(value) ?? [];
                // Users whose change is still "in flight" for the eventual view: they may match on the old value.
                return view is null ? current : current.Concat(_recentImmutableIdChanges.Where(u => u.ImmutableIdChangedAt > view.CutOff)).Distinct();
            default:
                return null;
        }
    }

    private void AddUser(SeedUser user)
    {
        if (_byId.ContainsKey(user.Id))
        {
            throw new InvalidDataException($"Duplicate user id {user.Id} in the seed.");
        }

        if (_byUpn.ContainsKey(user.UserPrincipalName))
        {
            throw new InvalidDataException($"Duplicate userPrincipalName {user.UserPrincipalName} in the seed.");
        }

        var entity = new UserEntity(user, _users.Count, deleted: false);
        _users.Add(entity);
        _byId[user.Id] = entity;
        _byUpn[user.UserPrincipalName] = entity;
        AddTo(_byMail, user.Mail, entity);
        AddTo(_byImmutableId, user.OnPremisesImmutableId, entity);
    }

    private void Clear()
    {
        _syncJobs.Clear();
        _users.Clear();
        _byId.Clear();
        _byUpn.Clear();
        _byMail.Clear();
        _byImmutableId.Clear();
        _deletedByUpn.Clear();
        _deletedByImmutableId.Clear();
        _recentImmutableIdChanges.Clear();
        _domains.Clear();
        _groups.Clear();
        _memberOf.Clear();
        _roleAssignments.Clear();
        _roleEligibilities.Clear();
        _servicePrincipals.Clear();
        _appRoleAssignments.Clear();
    }

    private static void AddTo(Dictionary<string, List<UserEntity>> index, string? key, UserEntity entity)
    {
        if (key is null)
        {
            return;
        }

        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(entity);
    }

    private static void RemoveFrom(Dictionary<string, List<UserEntity>> index, string? key, UserEntity entity)
    {
        if (key is not null && index.TryGetValue(key, out var list))
        {
            list.Remove(entity);
            if (list.Count == 0)
            {
                index.Remove(key);
            }
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
