namespace ImmutableId.Core.Sync;

/// <summary>One step of a provision-on-demand run as Entra reports it.</summary>
/// <param name="Name">e.g. EntryImportAdd, EntrySynchronizationScoping, EntryExportUpdate.</param>
/// <param name="Type">Import, Scoping, Matching, Processing, ReferenceResolution or Export.</param>
/// <param name="Status">Success, Failure, Skipped or Warning.</param>
/// <param name="Description">Entra's description of the step.</param>
public sealed record ProvisioningStep(string Name, string Type, string Status, string? Description);
