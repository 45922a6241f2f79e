namespace ImmutableId.Infra.Tests;

/// <summary>The reflection that turns an options class into app setting names.</summary>
public sealed class BoundOptionsTests
{
    [Fact]
    public void FromType_SampleOptions_FlattensScalarsListsAndNestedObjects()
    {
        var section = BoundOptions.FromType("Sample", typeof(SampleOptions));

        Assert.True(section.Binds("Sample__Name"));
        Assert.True(section.Binds("Sample__Mode"));
        Assert.True(section.Binds("Sample__Domains__0"));
        Assert.True(section.Binds("Sample__Domains__12"));
        Assert.True(section.Binds("Sample__Inner__Timeout"));
        Assert.True(section.Binds("Sample__Rules__0__Group"));
        Assert.False(section.Binds("Sample__Domains"));
        Assert.False(section.Binds("Sample__Computed"));
        Assert.False(section.Binds("Sample__Inner"));
        Assert.False(section.Binds("Sample__Nmae"));
        Assert.False(section.Binds("Other__Name"));
    }

    [Fact]
    public void FromType_RequiredProperties_OnlyThoseWithoutAUsableDefault()
    {
        var section = BoundOptions.FromType("Sample", typeof(SampleOptions));

        Assert.Equal(["Sample__Name", "Sample__Domains"], section.Required);
        Assert.Equal(typeof(SampleMode), section.Enums["Sample__Mode"]);
    }

    [Fact]
    public void Sections_MergedAdapters_ComeFromTheirOptionClasses()
    {
        var sections = BoundOptions.Sections().ToDictionary(s => s.SectionName);

        Assert.Equal(typeof(ImmutableId.ActiveDirectory.OnPremOptions).FullName, sections["OnPrem"].Source);
        Assert.Equal(typeof(ImmutableId.Entra.EntraOptions).FullName, sections["Entra"].Source);
        Assert.Equal(typeof(ImmutableId.Core.HardMatch.PolicyOptions).FullName, sections["Policy"].Source);
        Assert.Equal(["Policy__AllowedUpnDomains", "Policy__AllowedOrganizationalUnits"], sections["Policy"].Required);
    }

    [Fact]
    public void FunctionsAssemblies_FromTheFunctionsApp_IncludeApiAndCore()
    {
        var names = BoundOptions.FunctionsAssemblies().Select(a => a.GetName().Name).ToList();

        Assert.Contains("ImmutableId.Functions", names);
        Assert.Contains("ImmutableId.Api", names);
        Assert.Contains("ImmutableId.Core", names);
        Assert.Contains("ImmutableId.ActiveDirectory", names);
        Assert.Contains("ImmutableId.Entra", names);
        Assert.DoesNotContain("ImmutableId.EntraEmulator", names);
    }
}
