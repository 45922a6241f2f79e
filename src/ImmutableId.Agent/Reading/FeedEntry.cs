using ImmutableId.Core.OnPrem;

namespace ImmutableId.Agent.Reading;

/// <summary>One user read from the directory, with its uSNChanged.</summary>
internal sealed record FeedEntry(OnPremUser User, long UsnChanged);
