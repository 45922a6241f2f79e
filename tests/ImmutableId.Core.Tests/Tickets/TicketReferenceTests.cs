using ImmutableId.Core.Tickets;

namespace ImmutableId.Core.Tests.Tickets;

public sealed class TicketReferenceTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("INC0012345")]
    [InlineData("CHG 42 / ÄÖÜ")]
    public void IsValid_AbsentOrPrintable_IsTrue(string? ticket) => Assert.True(TicketReference.IsValid(ticket));

    [Fact]
    public void IsValid_AtTheLimit_IsTrue_OneMore_IsFalse()
    {
        Assert.True(TicketReference.IsValid(new string('x', TicketReference.MaxLength)));
        Assert.False(TicketReference.IsValid(new string('x', TicketReference.MaxLength + 1)));
    }

    [Theory]
    [InlineData("INC\n42")]
    [InlineData("INC\t42")]
    [InlineData("INC\u000742")]
    public void IsValid_ControlCharacter_IsFalse(string ticket) => Assert.False(TicketReference.IsValid(ticket));

    [Fact]
    public void Error_NamesTheLimitAndTheRule()
    {
        Assert.Equal(128, TicketReference.MaxLength);
        Assert.Contains("128", TicketReference.Error, StringComparison.Ordinal);
        Assert.Contains("control characters", TicketReference.Error, StringComparison.Ordinal);
    }
}
