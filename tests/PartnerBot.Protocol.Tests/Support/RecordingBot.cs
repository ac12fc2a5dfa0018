using System.Collections.Concurrent;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Bots;

namespace PartnerBot.Protocol.Tests.Support;

/// <summary>A bot that records every activity it is given and then runs an optional behaviour.</summary>
public sealed class RecordingBot(Func<ITurnContext, CancellationToken, Task>? behaviour = null) : IBot
{
    public ConcurrentQueue<Activity> Received { get; } = new();

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        Received.Enqueue(turnContext.Activity);
        if (behaviour is not null)
        {
            await behaviour(turnContext, cancellationToken);
        }
    }
}
