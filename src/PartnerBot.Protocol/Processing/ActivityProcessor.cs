using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Bots;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Processing;

/// <summary>What the channel receives for one activity: an HTTP status and an optional JSON body.</summary>
/// <param name="Status">200 when the turn finished, 202 when it goes on in the background, the invoke response's status for invokes.</param>
/// <param name="Body">The invoke response's body, if any.</param>
public sealed record ActivityProcessingResult(int Status, JsonNode? Body = null);

/// <summary>
/// Runs one authenticated activity through the bot: de-duplicates it, runs the turn, and answers
/// within the channel's deadline. <c>/api/messages</c> uses it.
/// </summary>
public interface IActivityProcessor
{
    /// <summary>Processes an activity that already passed authentication.</summary>
    Task<ActivityProcessingResult> ProcessAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// Each turn gets its own service scope rather than the request's, because a slow turn outlives
/// the request it came on, and the request scope is disposed when the acknowledgement is sent.
/// </summary>
internal sealed partial class ActivityProcessor(
    IServiceScopeFactory scopeFactory,
    ActivityDeduplicator deduplicator,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<ActivityProcessor> logger) : IActivityProcessor
{
    public async Task<ActivityProcessingResult> ProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var turnScope = TurnScope.Of(activity);
        using var logScope = logger.BeginScope(turnScope);
        ProtocolTelemetry.Tag(System.Diagnostics.Activity.Current, turnScope);

        // Started first, so the time spent asking the other instances counts against the acknowledgement too.
        var deadline = Task.Delay(options.Value.AcknowledgeAfter, timeProvider, cancellationToken);
        if (!await deduplicator.TryBeginAsync(activity, cancellationToken))
        {
            LogDuplicate(activity.Id, activity.Type);
            return new ActivityProcessingResult(200);
        }

        // Task.Run so a bot that blocks its thread still cannot hold the acknowledgement.
        var turn = Task.Run(() => RunTurnAsync(activity, turnScope), CancellationToken.None);
        if (await Task.WhenAny(turn, deadline) != turn)
        {
            ObserveInBackground(turn, activity);
            LogSlowTurn(activity.Id, activity.Type);
            // A late invoke has no response to give; a late message has been accepted and goes on.
            return new ActivityProcessingResult(activity.Type == ActivityTypes.Invoke ? 501 : 202);
        }

        try
        {
            var context = await turn;
            if (activity.Type != ActivityTypes.Invoke)
            {
                return new ActivityProcessingResult(200);
            }

            return context.InvokeResponse is { } response
                ? new ActivityProcessingResult(response.Status, response.Body)
                : new ActivityProcessingResult(501);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await deduplicator.ForgetAsync(activity);
            LogTurnFailed(ex, activity.Id, activity.Type);
            return new ActivityProcessingResult(500, new JsonObject { ["error"] = "The bot failed to handle this activity." });
        }
    }

    private async Task<TurnContext> RunTurnAsync(Activity activity, TurnScope turnScope)
    {
        using var span = ProtocolTelemetry.StartTurn(turnScope);
        await using var scope = scopeFactory.CreateAsyncScope();
        var bot = scope.ServiceProvider.GetRequiredService<IBot>();
        var connector = scope.ServiceProvider.GetRequiredService<IConnectorClient>();
        var context = new TurnContext(activity, connector);
        try
        {
            await bot.OnTurnAsync(context, lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ProtocolTelemetry.Failed(span, ex))
        {
            throw;
        }

        return context;
    }

    private void ObserveInBackground(Task turn, Activity activity) =>
        turn.ContinueWith(
            t =>
            {
                LogTurnFailed(t.Exception!.GetBaseException(), activity.Id, activity.Type);
                return deduplicator.ForgetAsync(activity);
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity {ActivityId} ({Type}) was already processed; ignoring the repeat")]
    private partial void LogDuplicate(string? activityId, string? type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {ActivityId} ({Type}) took longer than the acknowledgement deadline; it goes on in the background")]
    private partial void LogSlowTurn(string? activityId, string? type);

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot failed on activity {ActivityId} ({Type})")]
    private partial void LogTurnFailed(Exception exception, string? activityId, string? type);
}
