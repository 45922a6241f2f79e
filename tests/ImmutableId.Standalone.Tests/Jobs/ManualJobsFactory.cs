using ImmutableId.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// <see cref="JobsFactory"/> without the hosted worker: the suite receives and processes messages itself, so it can
/// stop between items, deliver a message twice, or leave one undeleted as a crashed worker would.
/// </summary>
public sealed class ManualJobsFactory : JobsFactory
{
    protected override bool WorkerEnabled => false;

    public IJobQueue Queue => Services.GetRequiredService<IJobQueue>();

    public JobProcessor Processor => Services.GetRequiredService<JobProcessor>();

    public IJobStore Store => Services.GetRequiredService<IJobStore>();

    /// <summary>Receives and processes up to <paramref name="max"/> messages as the worker does (delete when done); answers how many.</summary>
    public async Task<int> ProcessAsync(int max = int.MaxValue)
    {
        var processed = 0;
        while (processed < max)
        {
            var messages = await Queue.ReceiveAsync(Math.Min(16, max - processed), TimeSpan.FromMinutes(5));
            if (messages.Count == 0)
            {
                return processed;
            }

            foreach (var message in messages)
            {
                var disposition = await Processor.ProcessAsync(message.Message, message.DequeueCount);
                Assert.True(disposition.Done, $"item {message.Message.Index} was not finished: {disposition}");
                Assert.True(await Queue.DeleteAsync(message));
                processed++;
            }
        }

        return processed;
    }
}
