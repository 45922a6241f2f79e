using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Infra.Tests;

/// <summary>An options class shaped like ours, for <see cref="BoundOptionsTests"/>.</summary>
internal sealed class SampleOptions
{
    public const string SectionName = "Sample";

    [Required]
    public string? Name { get; set; }

    [Required]
    public string Defaulted { get; set; } = "set";

    public SampleMode Mode { get; set; }

    [Required]
    [MinLength(1)]
    public IList<string> Domains { get; init; } = [];

    public SampleInnerOptions Inner { get; set; } = new();

    public SampleRule[] Rules { get; set; } = [];

    public string Computed => Name + "!";
}
