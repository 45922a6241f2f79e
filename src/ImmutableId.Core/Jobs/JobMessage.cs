using System.Globalization;

namespace ImmutableId.Core.Jobs;

/// <summary>One queue message: "process item <paramref name="Index"/> of job <paramref name="JobId"/>" (the item itself is in the store).</summary>
public sealed record JobMessage(Guid JobId, int Index)
{
    /// <summary>The message text: <c>{jobId:N}:{index}</c>.</summary>
    public override string ToString() => $"{JobId:N}:{Index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads a message text written by <see cref="ToString"/>.</summary>
    public static bool TryParse(string? text, out JobMessage? message)
    {
        message = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon < 0 || !Guid.TryParseExact(text.AsSpan(0, colon), "N", out var job) ||
            !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }

        message = new JobMessage(job, index);
        return true;
    }
}
