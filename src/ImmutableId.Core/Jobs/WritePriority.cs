namespace ImmutableId.Core.Jobs;

/// <summary>
/// Who asks the shared write budget for a Graph write. Bulk job items may spend it only down to
/// <see cref="JobOptions.Reserve"/> tokens; interactive calls (PUT/DELETE, a help-desk ticket) may spend the reserve, so
/// they never queue behind a job.
/// </summary>
public enum WritePriority
{
    /// <summary>A job item: leaves the interactive reserve and waits for the budget as long as it takes.</summary>
    Bulk,

    /// <summary>A single-user write: may use the whole budget and waits at most <see cref="JobOptions.InteractiveWaitSeconds"/>.</summary>
    Interactive,
}
