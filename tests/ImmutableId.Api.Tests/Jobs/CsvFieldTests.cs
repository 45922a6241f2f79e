using ImmutableId.Api.Jobs;

namespace ImmutableId.Api.Tests.Jobs;

/// <summary>
/// The cells of <c>items.csv</c>: text a caller chose never starts with something a spreadsheet reads as a formula —
/// the ASCII = + - @ and their look-alikes after compatibility normalisation — while generated values are kept.
/// </summary>
public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\u0009=1")]
    [InlineData("\uFF1D1+1")]              // full-width equals sign
    [InlineData("\uFF0B1")]                // full-width plus sign
    [InlineData("\uFF0D1")]                // full-width hyphen-minus
    [InlineData("\uFF20SUM(A1)")]          // full-width commercial at
    [InlineData("\uFE66cmd")]              // small equals sign
    [InlineData("\uFE62cmd")]              // small plus sign
    [InlineData("\u207Acmd")]              // superscript plus sign
    [InlineData("\u208Ccmd")]              // subscript equals sign
    [InlineData("\u2212cmd")]              // minus sign
    [InlineData("\u2013cmd")]              // en dash
    public void Field_CallerTextStartingLikeAFormula_Neutralised(string value)
    {
        var cell = CsvReader.Field(value, callerText: true);

        Assert.StartsWith("'", cell.TrimStart('"'), StringComparison.Ordinal);
        Assert.EndsWith(value.Replace("\"", "\"\"", StringComparison.Ordinal), cell.TrimEnd('"'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CHG0042")]
    [InlineData("alex.wilber@contoso.com")]
    [InlineData("\uFF21BC")]               // full-width 'A': a letter, not an operator
    [InlineData("\u00E9t\u00E9")]
    [InlineData("\uD83D\uDE00 ticket")]     // an emoji (a surrogate pair) first
    [InlineData("\uD800x")]                // a lone surrogate first
    public void Field_CallerTextNotAFormula_AsIs(string value)
    {
        Assert.Equal(value, CsvReader.Field(value, callerText: true));
    }

    [Fact]
    public void Field_GeneratedValueStartingWithPlus_AsIs()
    {
        Assert.Equal("+Yu1NW0Z6kCXeYidebdT8A==", CsvReader.Field("+Yu1NW0Z6kCXeYidebdT8A==", callerText: false));
    }
}
