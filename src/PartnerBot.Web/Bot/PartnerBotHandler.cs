using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Bots;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Storage.Tables;
using PartnerBot.Web.Hosting;

namespace PartnerBot.Web.Bot;

/// <summary>
/// The bridge between the channel and Core: reads who is speaking, asks Core whether they may use the bot here (a
/// new person is looked up first; guests and strangers are refused with nothing stored, not even their address),
/// keeps their conversation reference current, hands text and card submits to the conversation engine and sends its replies.
/// </summary>
public sealed class PartnerBotHandler(
    IConversationEngine engine,
    IConversationReferenceStore references,
    IOptions<ChatOptions> options,
    IOptions<BotOptions> botOptions,
    CardRefreshes refreshes,
    TimeProvider time,
    ILogger<PartnerBotHandler> logger) : IBot
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    private static readonly TimeoutException TurnTimedOut = new("The turn ran past its deadline.");

    // One handler per turn (a scoped service in the turn's own scope), so this is the turn's.
    private bool refused;

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.From?.Id is { } fromId && fromId == activity.Recipient?.Id)
        {
            return;
        }

        var identity = Identify(activity);
        if (identity is null)
        {
            BotLog.IgnoredUnaddressed(logger, activity.Type);
            return;
        }

        // Storage or a model that hangs must not leave the person in silence: past the deadline they get an apology.
        using var timer = new CancellationTokenSource(options.Value.TurnDeadline, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await DispatchAsync(turnContext, identity, deadline.Token);
            PartnerBotMetrics.TurnEnded(refused ? PartnerBotMetrics.Refused : PartnerBotMetrics.Answered, activity.Type);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && ((e is OperationCanceledException && timer.IsCancellationRequested) || StorageFaults.IsUnavailable(e, deadline.Token)))
        {
            BotLog.TurnTimedOut(logger, activity.Type, identity.User.TenantId, options.Value.TurnDeadline.TotalSeconds);
            PartnerBotMetrics.TurnEnded(PartnerBotMetrics.Apology, activity.Type);
            await ApologiseAsync(turnContext, TurnTimedOut, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            BotLog.TurnFailed(logger, e, activity.Type, identity.User.TenantId);
            PartnerBotMetrics.TurnEnded(PartnerBotMetrics.Failed, activity.Type);
            await ApologiseAsync(turnContext, e, cancellationToken);
        }
    }

    private TurnIdentity? Identify(Activity activity) =>
        TurnIdentity.From(activity, requireEntraUser: !botOptions.Value.IsDevelopmentMode);

    private Task DispatchAsync(ITurnContext context, TurnIdentity identity, CancellationToken ct) => context.Activity.Type switch
    {
        ActivityTypes.Message => OnMessageAsync(context, identity, ct),
        ActivityTypes.ConversationUpdate when WasAdded(context.Activity, identity) => OnInstalledAsync(context, identity, ct),
        ActivityTypes.InstallationUpdate => OnInstallationUpdateAsync(context, identity, ct),
        ActivityTypes.Invoke => OnInvokeAsync(context, identity, ct),
        _ => Task.CompletedTask,
    };

    /// <summary>In a 1:1 chat, the bot or the person joining means first contact; in a group, only the bot joining does.</summary>
    private static bool WasAdded(Activity activity, TurnIdentity identity)
    {
        var added = activity.MembersAdded;
        if (added is null || added.Count == 0)
        {
            return false;
        }

        var botId = activity.Recipient?.Id;
        return added.Any(m => m.Id == botId) || (identity.IsPersonal && added.Any(m => m.Id == activity.From?.Id));
    }

    private async Task OnInstallationUpdateAsync(ITurnContext context, TurnIdentity identity, CancellationToken ct)
    {
        switch (context.Activity.Action)
        {
            case "add":
                await OnInstalledAsync(context, identity, ct);
                break;
            case "add-upgrade":
                // Refreshes an address we keep; an upgrade never enrols anyone, so it stores none for a stranger.
                if (await references.GetAsync(identity.User.TenantId, identity.ReferenceKey, ct) is not null)
                {
                    await RememberAddressAsync(context.Activity, identity, ct);
                }

                break;
            case "remove":
                await references.MarkUnreachableAsync(identity.User.TenantId, identity.ReferenceKey, "uninstalled", ct);
                BotLog.Uninstalled(logger, identity.User.TenantId, identity.ReferenceKey);
                break;
        }
    }

    private async Task OnInstalledAsync(ITurnContext context, TurnIdentity identity, CancellationToken ct)
    {
        var place = PlaceOf(context.Activity, identity);
        if (!await AdmitAsync(context, identity, place, ct))
        {
            return;
        }

        // Teams sends both a conversationUpdate and an installationUpdate for one install, often at once and to different
        // instances: the conditional write in storage lets exactly one of them find the person new and welcome them.
        var reference = ConversationReferences.FromActivity(context.Activity, identity, time.GetUtcNow());
        var greet = await references.SaveIfFirstContactAsync(
            reference,
            existing => existing is null || !existing.Reachable || existing.ConversationId != reference.ConversationId,
            ct);

        BotLog.Installed(logger, identity.User.TenantId, identity.ReferenceKey, greet);
        if (greet)
        {
            await SendAsync(context, await engine.OnInstalledAsync(identity.User, place, ct), ct);
        }
    }

    private async Task OnMessageAsync(ITurnContext context, TurnIdentity identity, CancellationToken ct)
    {
        var activity = context.Activity;
        var text = InboundText.Clean(activity);
        var limit = options.Value.MaxTextLength;
        if (text is not null && text.Length > limit)
        {
            BotLog.RefusedLongText(logger, text.Length, limit);
            refused = true;
            await context.SendActivityAsync(ReplyActivities.Say(string.Create(
                CultureInfo.InvariantCulture,
                $"That message is {text.Length:N0} characters long; I can read at most {limit:N0}. Please send it in shorter parts.")), ct);
            return;
        }

        JsonObject? value = null;
        if (activity.Value is not null)
        {
            if (activity.Value is not JsonObject submitted)
            {
                BotLog.RefusedValue(logger, activity.Value.GetValueKind().ToString());
                refused = true;
                await context.SendActivityAsync(ReplyActivities.Say(
                    "I could not read what that card sent. Please use the card's buttons again, or type 'help'."), ct);
                return;
            }

            value = submitted;
        }

        var place = PlaceOf(activity, identity);
        if (!await AdmitAsync(context, identity, place, ct))
        {
            return;
        }

        await RememberAddressAsync(activity, identity, ct);
        var input = new TurnInput { User = identity.User, Text = text, Value = value, Place = place };
        await SendAsync(context, await engine.OnMessageAsync(input, ct), ct);
    }

    /// <summary>
    /// Universal Actions (Action.Execute) arrive as an invoke; their data is handled like a submit, and the response
    /// says what becomes of the card clicked (<see cref="CardClick"/>). A refresh is answered with the person's own view
    /// of the card (<see cref="CardRefreshes"/>).
    /// </summary>
    private async Task OnInvokeAsync(ITurnContext context, TurnIdentity identity, CancellationToken ct)
    {
        var activity = context.Activity;
        if (activity.Name != AdaptiveCardActionInvoke)
        {
            BotLog.IgnoredInvoke(logger, activity.Name);
            return;
        }

        var action = activity.Value?["action"] as JsonObject;
        if (action?["data"] is not JsonObject data)
        {
            context.InvokeResponse = InvokeResponses.Error(400, "BadRequest", "The card action carried no data I can read.");
            refused = true;
            return;
        }

        data = (JsonObject)data.DeepClone();
        var verb = action["verb"] is JsonValue verbNode && verbNode.TryGetValue(out string? verbText) ? verbText : null;
        if (!data.ContainsKey("action") && verb is not null)
        {
            data["action"] = verb;
        }

        if (verb == CardRefresh.Verb)
        {
            context.InvokeResponse = await refreshes.AnswerAsync(identity, PlaceOf(activity, identity).IsChannel, data, ct);
            return;
        }

        var place = PlaceOf(activity, identity);
        if (!await AdmitAsync(context, identity, place, ct))
        {
            context.InvokeResponse = InvokeResponses.Message("Nothing was changed; my message says why.");
            return;
        }

        await RememberAddressAsync(activity, identity, ct);
        var input = new TurnInput { User = identity.User, Value = data, Place = place };
        var replies = await engine.OnMessageAsync(input, ct);
        var click = CardClick.Decide(data["action"] is JsonValue a && a.TryGetValue(out string? name) ? name : verb, replies, !identity.IsPersonal, PartnerBot.Core.Cards.Buttons.Opens(data));
        if (click.Replacement is { } replacement)
        {
            var card = replacement.ToJson();
            context.InvokeResponse = InvokeResponses.Card(card);
            if (click.UpdateForEveryone && activity.ReplyToId is { Length: > 0 } clicked)
            {
                await UpdateForEveryoneAsync(context, clicked, card, ct);
            }
        }
        else
        {
            context.InvokeResponse = InvokeResponses.Message(click.Note);
        }

        await SendAsync(context, click.Messages, ct);
    }

    /// <summary>
    /// Writes the replacement over the clicked message for everyone in a group chat or channel. The person who clicked
    /// already has it from the invoke response, so a channel that refuses the update costs the others only the old card.
    /// </summary>
    private async Task UpdateForEveryoneAsync(ITurnContext context, string activityId, JsonObject card, CancellationToken ct)
    {
        var update = new Activity
        {
            Id = activityId,
            Type = ActivityTypes.Message,
            Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }],
        };
        try
        {
            await context.UpdateActivityAsync(update, ct);
        }
        catch (ConnectorException e)
        {
            BotLog.UpdateRefused(logger, (int)e.StatusCode, e.ErrorCode);
        }
    }

    /// <summary>
    /// Asks Core whether the person may use the bot here, before anything about them is stored. A refused person gets
    /// the refusal and nothing else; false then.
    /// </summary>
    private async Task<bool> AdmitAsync(ITurnContext context, TurnIdentity identity, ConversationPlace place, CancellationToken ct)
    {
        var admission = await engine.AdmitAsync(identity.User, place, ct);
        if (admission.IsAdmitted)
        {
            return true;
        }

        BotLog.EnrolmentRefused(logger, admission.Status.ToString(), identity.User.TenantId);
        await SendAsync(context, admission.Refusal(identity.User), ct);
        return false;
    }

    /// <summary>
    /// Where the turn happened. In a Teams channel the conversation id of a post carries ";messageid=…" (its reply
    /// thread); channelData.channel.id is the channel itself, which is where a later new post must go.
    /// </summary>
    private static ConversationPlace PlaceOf(Activity activity, TurnIdentity identity)
    {
        TeamsEntity? channel = null;
        try
        {
            channel = activity.GetTeamsChannelData()?.Channel;
        }
        catch (System.Text.Json.JsonException)
        {
            // A channelData we cannot read is no channel we can post to.
        }

        var channelId = channel?.Id is { Length: > 0 and <= 256 } id && !string.IsNullOrWhiteSpace(id) ? id : null;
        var isChannel = !identity.IsPersonal && (activity.Conversation?.ConversationType == "channel" || channelId is not null);
        var speaker = activity.From?.Id;
        if (!isChannel)
        {
            return new ConversationPlace(identity.ConversationId, identity.ServiceUrl, identity.IsPersonal ? ConversationKind.Personal : ConversationKind.GroupChat)
            {
                SpeakerId = speaker,
            };
        }

        var name = channel?.Name?.Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 200)] : null;
        return new ConversationPlace(channelId ?? identity.ReferenceKey, identity.ServiceUrl, ConversationKind.Channel, name) { SpeakerId = speaker };
    }

    private Task RememberAddressAsync(Activity activity, TurnIdentity identity, CancellationToken ct) =>
        references.SaveAsync(ConversationReferences.FromActivity(activity, identity, time.GetUtcNow()), ct);

    private async Task SendAsync(ITurnContext context, IReadOnlyList<BotReply> replies, CancellationToken ct)
    {
        refused |= replies.Any(r => r is TextReply { ChangedNothing: true });
        foreach (var reply in replies)
        {
            try
            {
                await context.SendActivityAsync(ReplyActivities.ToActivity(reply), ct);
            }
            catch (ConnectorException e) when (e.IsUnreachable)
            {
                BotLog.ReplyRefused(logger, (int)e.StatusCode, e.ErrorCode);
                if (Identify(context.Activity) is { } identity)
                {
                    await references.MarkUnreachableAsync(identity.User.TenantId, identity.ReferenceKey, $"reply refused ({(int)e.StatusCode})", ct);
                }

                return;
            }
        }
    }

    private static async Task ApologiseAsync(ITurnContext context, Exception failure, CancellationToken ct)
    {
        var text = failure switch
        {
            ConcurrencyConflictException => "Someone else changed this at the same moment. Please look at it again and retry.",
            TimeoutException => "Sorry, my storage is answering slowly right now and I could not finish that. Please check what was saved and try again in a minute.",
            _ => "Sorry, something went wrong on my side. Please try again in a moment.",
        };
        if (context.Activity.Type == ActivityTypes.Invoke)
        {
            context.InvokeResponse = InvokeResponses.Error(500, "InternalError", text);
        }

        try
        {
            await context.SendActivityAsync(ReplyActivities.Say(text), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The channel (or the bot's token) is what failed; the log already holds the cause.
        }
    }
}
