using ImmutableId.Core.Anchors;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using Moq;

namespace ImmutableId.Core.Tests.HardMatch;

/// <summary>A workflow over Moq doubles of our two directory ports, with a cloud-only user that can be hard-matched.</summary>
internal sealed class WorkflowFixture
{
    public const string Upn = "adele.vance@contoso.com";
    public const string CloudId = "11111111-1111-1111-1111-111111111111";
    public static readonly Guid ObjectGuid = Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0");
    public const string ObjectGuidImmutableId = "yYuRNW0Z6kCXeYidebdT8A==";
    public static readonly Guid OtherGuid = Guid.Parse("0b0f4a3e-8f7c-4a55-9e11-2f8f4a0d9c01");

    public Mock<IOnPremDirectory> OnPrem { get; } = new(MockBehavior.Strict);

    public Mock<IEntraDirectory> Entra { get; } = new(MockBehavior.Strict);

    public Mock<IAuditLog> Audit { get; } = new();

    public List<string> Events { get; } = [];

    public OnPremUser OnPremUser { get; set; } = new(
        "CN=Adele Vance,OU=Staff,DC=contoso,DC=com", ObjectGuid, null, Upn, "adele", Upn, [], true, null, null);

    public CloudUser CloudUser { get; set; } = new(
        CloudId, Upn, "Adele Vance", Upn, "Member", true, null, null, null, null, null);

    public DomainAuthentication Domain { get; set; } = DomainAuthentication.Managed;

    public List<CloudUserReference> Holders { get; } = [];

    public List<RoleHolding> Roles { get; } = [];

    /// <summary>onPremisesObjectIdentifier as the adapter read it (Graph beta): read and not set by default.</summary>
    public ObjectIdentifierRead? ObjectIdentifier { get; set; } = ObjectIdentifierRead.Answered(null);

    public PolicyOptions Policy { get; set; } = new()
    {
        AllowedUpnDomains = ["contoso.com"],
        AllowedOrganizationalUnits = ["OU=Staff,DC=contoso,DC=com"],
        VerifyDelayMilliseconds = 0,
    };

    /// <summary>What the cloud user's immutable ID reads back as after a write (the written value by default).</summary>
    public Func<string?, string?> ReadBack { get; set; } = written => written;

    public EntraWriteResult WriteResult { get; set; } = new(EntraWriteStatus.Succeeded, RequestId: "req-1");

    public string? Written { get; private set; }

    public int Writes { get; private set; }

    public HardMatchWorkflow Build()
    {
        OnPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string upn, CancellationToken _) =>
                OnPremUser.UserPrincipalName is { } u && string.Equals(u, upn, StringComparison.OrdinalIgnoreCase) ? OnPremLookup.Of(OnPremUser) : OnPremLookup.NotFound);
        OnPrem.Setup(d => d.FindByObjectGuidAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Guid g, CancellationToken _) => g == OnPremUser.ObjectGuid ? OnPremLookup.Of(OnPremUser) : OnPremLookup.NotFound);
        Entra.Setup(d => d.ResolveUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string upn, CancellationToken _) =>
                string.Equals(upn, CloudUser.UserPrincipalName, StringComparison.OrdinalIgnoreCase)
                    ? new CloudUserResolution(CloudUser, ObjectIdentifier ?? ObjectIdentifierRead.Unreadable("not read"))
                    : CloudUserResolution.NotFound);
        Entra.Setup(d => d.GetFactsAsync(It.IsAny<CloudUserResolution>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CloudUserResolution resolved, string? _, CancellationToken _) =>
                new CloudPreflight(resolved.User, resolved.User is null ? DomainAuthentication.Unknown : Domain, resolved.User is null ? [] : Holders, resolved.User is null ? [] : Roles, ObjectIdentifier));
        Entra.Setup(d => d.SetImmutableIdAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string? value, CancellationToken _) =>
            {
                Events.Add("write");
                Writes++;
                Written = value;
                return WriteResult;
            });
        Entra.Setup(d => d.GetUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, CancellationToken _) => Writes == 0 ? CloudUser : CloudUser with { OnPremisesImmutableId = ReadBack(Written) });
        Audit.Setup(a => a.WriteIntentAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback(() => Events.Add("intent")).Returns(Task.CompletedTask);
        Audit.Setup(a => a.WriteOutcomeAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback(() => Events.Add("outcome")).ReturnsAsync(true);
        return new HardMatchWorkflow(OnPrem.Object, Entra.Object, Policy, Audit.Object);
    }

    public static SetImmutableIdRequest Set(string user = Upn, AnchorSourcePreference source = AnchorSourcePreference.Auto, Guid? objectGuid = null, bool replace = false, bool dryRun = false)
    {
        Assert.True(UserKey.TryParse(user, out var key, out _));
        return new SetImmutableIdRequest(key, source, objectGuid, replace, dryRun, "INC0001", "test");
    }

    public static ClearImmutableIdRequest Clear(string user = Upn, bool dryRun = false)
    {
        Assert.True(UserKey.TryParse(user, out var key, out _));
        return new ClearImmutableIdRequest(key, dryRun, "INC0002");
    }

    public static SourceAnchor Anchor(Guid guid) => SourceAnchor.FromGuid(guid);
}
