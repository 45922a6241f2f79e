using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;

namespace ImmutableId.Core.Tests.Jobs;

public sealed class JobRowsTests
{
    private static readonly Guid Job = Guid.CreateVersion7();

    [Fact]
    public void Validate_SamePersonTwice_GuidFormsAndUpnCase_EachDuplicateNamesTheFirstRow()
    {
        JobRow[] rows =
        [
            new(2, "35918bc9-196d-40ea-9779-889d79b753f0"),
            new(3, "{35918BC9-196D-40EA-9779-889D79B753F0}"),
            new(4, "Alice@Contoso.com"),
            new(5, "alice@contoso.COM"),
            new(6, "bob@contoso.com"),
        ];

        var (items, errors) = JobRows.Validate(Job, rows);

        Assert.Empty(items);
        Assert.Equal([(3, "DuplicateUser"), (5, "DuplicateUser")], errors.Select(e => (e.Row, e.Code)));
        Assert.Contains("row 2", errors[0].Detail, StringComparison.Ordinal);
        Assert.Contains("row 4", errors[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadCells_EveryRowReportedWithItsCode()
    {
        JobRow[] rows =
        [
            new(2, "not a user"),
            new(3, "a@contoso.com", Source: "sideways"),
            new(4, "b@contoso.com", ObjectGuid: "00000000-0000-0000-0000-000000000000"),
            new(5, "c@contoso.com", Ticket: new string('x', ImmutableId.Core.Tickets.TicketReference.MaxLength + 1)),
            new(6, null),
            new(7, "d@contoso.com", Source: "1"),
        ];

        var (_, errors) = JobRows.Validate(Job, rows);

        Assert.Equal(
            [(2, "InvalidUser"), (3, "InvalidSource"), (4, "InvalidObjectGuid"), (5, "InvalidTicket"), (6, "InvalidUser"), (7, "InvalidSource")],
            errors.Select(e => (e.Row, e.Code)));
    }

    [Fact]
    public void Validate_AllValid_ItemsInOrderWithTheirCells()
    {
        JobRow[] rows =
        [
            new(2, " alice@contoso.com ", "objectGuid", "35918bc9-196d-40ea-9779-889d79b753f0", "INC-1"),
            new(3, "{35918bc9-196d-40ea-9779-889d79b753f1}", "", "", ""),
        ];

        var (items, errors) = JobRows.Validate(Job, rows);

        Assert.Empty(errors);
        Assert.Equal(2, items.Count);
        Assert.Equal(new JobItem(Job, 0, "alice@contoso.com", AnchorSourcePreference.ObjectGuid, Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"), "INC-1"), items[0]);
        Assert.Equal(new JobItem(Job, 1, "35918bc9-196d-40ea-9779-889d79b753f1"), items[1]);
    }

    [Fact]
    public void JobMessage_RoundTrips_AndRefusesOtherText()
    {
        var message = new JobMessage(Job, 49_999);

        Assert.True(JobMessage.TryParse(message.ToString(), out var parsed));
        Assert.Equal(message, parsed);
        Assert.False(JobMessage.TryParse("hello", out _));
        Assert.False(JobMessage.TryParse($"{Job:N}:-1", out _));
        Assert.False(JobMessage.TryParse(null, out _));
    }
}
