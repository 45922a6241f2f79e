namespace ImmutableId.Core.Jobs;

/// <summary>A message as received: invisible to other receivers until its visibility timeout, then delivered again.</summary>
/// <param name="Message">What to process.</param>
/// <param name="MessageId">The queue's id of the message.</param>
/// <param name="Receipt">Proof of this delivery (pop receipt); deleting needs it.</param>
/// <param name="DequeueCount">How many times the message has been delivered, this time included.</param>
public sealed record ReceivedJobMessage(JobMessage Message, string MessageId, string Receipt, long DequeueCount);
