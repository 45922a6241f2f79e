using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImmutableId.Core.Anchors;

namespace ImmutableId.Core.Tests;

public sealed class SourceAnchorPropertyTests
{
    private static Arbitrary<SourceAnchor> Anchors() =>
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), SourceAnchor.Length)
            .Select(bytes => SourceAnchor.FromBytes(bytes))
            .ToArbitrary();

    [Property(MaxTest = 5000)]
    public Property EveryForm_RoundTripsThroughParse()
    {
        return Prop.ForAll(Anchors(), anchor =>
        {
            var forms = new (string Text, AnchorFormat Format)[]
            {
                (anchor.ToGuidString(), AnchorFormat.Guid),
                (anchor.ToImmutableId(), AnchorFormat.ImmutableId),
                ("0x" + anchor.ToHex(), AnchorFormat.Hex),
                (anchor.ToLdapFilterValue(), AnchorFormat.LdapEscaped),
                (anchor.ToObjectGuidFilter(), AnchorFormat.LdapEscaped),
                (anchor.ToConnectorSpaceDn(), AnchorFormat.ConnectorSpaceDn),
            };

            return forms.All(f =>
            {
                var detected = SourceAnchor.Parse(f.Text);
                var forced = SourceAnchor.Parse(f.Text, f.Format);
                return detected.Success && detected.Format == f.Format && detected.Anchor == anchor &&
                       forced.Success && forced.Anchor == anchor;
            });
        });
    }

    [Property(MaxTest = 5000)]
    public Property ImmutableId_IsStandardBase64OfGuidBytes()
    {
        return Prop.ForAll(Anchors(), anchor =>
            anchor.ToImmutableId() == Convert.ToBase64String(anchor.ToGuid().ToByteArray()) &&
            anchor.ToImmutableId().Length == 24 &&
            !anchor.ToImmutableId().Contains('$') && !anchor.ToImmutableId().Contains('_'));
    }

    [Property(MaxTest = 5000)]
    public Property BareHexForcedAsHex_RoundTrips()
    {
        return Prop.ForAll(Anchors(), anchor =>
            SourceAnchor.Parse(anchor.ToHex(), AnchorFormat.Hex).Anchor == anchor &&
            SourceAnchor.Parse(anchor.ToGuid().ToString("N"), AnchorFormat.Guid).Anchor == anchor);
    }
}
