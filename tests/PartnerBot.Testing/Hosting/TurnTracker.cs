using System.Collections.Concurrent;
using PartnerBot.Protocol.Bots;

namespace PartnerBot.Testing.Hosting;

/// <summary>
/// Knows when the bot has finished each activity. The endpoint answers before a slow turn ends,
/// so a transcript waits for the turn itself, not the HTTP response.
/// </summary>
public sealed class TurnTracker
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> turns = new(StringComparer.Ordinal);

    public async Task WaitAsync(string activityId, TimeSpan timeout)
    {
        var turn = Get(activityId).Task;
        try
        {
            await turn.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The bot did not finish activity {activityId} within {timeout.TotalSeconds:0} s (rejected, de-duplicated, or stuck).");
        }
    }

    internal void Finished(string? activityId, Exception? failure)
    {
        if (activityId is null)
        {
            return;
        }

        var turn = Get(activityId);
        if (failure is null)
        {
            turn.TrySetResult();
        }
        else
        {
            turn.TrySetException(failure);
        }
    }

    private TaskCompletionSource Get(string activityId) =>
        turns.GetOrAdd(activityId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>
/// Wraps the app's bot to tell the <see cref="TurnTracker"/> when a turn ends, and the recording connector (when there
/// is one) who wrote, as the channel would know.
/// </summary>
internal sealed class TrackingBot(IBot inner, TurnTracker tracker, RecordingConnectorClient? connector) : IBot
{
    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        connector?.Saw(turnContext.Activity);
        try
        {
            await inner.OnTurnAsync(turnContext, cancellationToken);
            tracker.Finished(turnContext.Activity.Id, null);
        }
        catch (Exception e)
        {
            tracker.Finished(turnContext.Activity.Id, e);
            throw;
        }
    }
}
