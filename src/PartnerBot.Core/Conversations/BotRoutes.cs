using PartnerBot.Core.Dialogs;

namespace PartnerBot.Core.Conversations;

/// <summary>
/// A part of the bot that people talk to: it declares its commands, card actions and dialogs in one place, next to
/// their handlers, and is registered once (one line in the composition root).
/// </summary>
public interface IFlow
{
    void Register(BotRoutes routes);
}

/// <summary>
/// The router's table: every command, card action, dialog flow and one-card partner flow, as the features declared
/// them. Built once at start-up; a name declared twice throws there, naming it, instead of one feature silently
/// shadowing another at the first clash.
/// </summary>
public sealed class BotRoutes
{
    /// <summary>Typed by the router itself, so no feature may claim them.</summary>
    public static readonly IReadOnlyList<string> BuiltInCommands = [BotCommands.Help.Name, BotCommands.Cancel.Name, BotCommands.Resume.Name];

    /// <summary>Card actions the router itself handles.</summary>
    public static readonly IReadOnlyList<string> BuiltInActions = [CardActions.Command, CardActions.Cancel, CardActions.Dismiss];

    private readonly Dictionary<string, ICommandHandler> commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ICardActionHandler> actions = new(StringComparer.Ordinal);
    private readonly List<IDialogFlow> dialogs = [];
    private readonly Dictionary<string, IPartnerCardFlow> partnerCards = new(StringComparer.Ordinal);

    public static BotRoutes From(IEnumerable<IFlow> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var routes = new BotRoutes();
        foreach (var feature in features)
        {
            feature.Register(routes);
        }

        return routes;
    }

    public IReadOnlyDictionary<string, ICommandHandler> CommandHandlers => commands;

    public IReadOnlyDictionary<string, ICardActionHandler> ActionHandlers => actions;

    public IReadOnlyList<IDialogFlow> DialogFlows => dialogs;

    public IReadOnlyDictionary<string, IPartnerCardFlow> PartnerCardFlows => partnerCards;

    /// <summary>What the welcome, 'help' and a did-not-understand answer suggest; null when no feature says.</summary>
    public INextActions? NextActionsProvider { get; private set; }

    public BotRoutes Command(BotCommand command, Func<CommandRequest, CancellationToken, Task<IReadOnlyList<BotReply>>> handle) =>
        Command(new CommandHandler(command, handle));

    public BotRoutes Command(ICommandHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var name = handler.Command.Name.Trim();
        if (name.Length == 0 || BuiltInCommands.Contains(name, StringComparer.OrdinalIgnoreCase) || !commands.TryAdd(name, handler))
        {
            throw new InvalidOperationException($"The command '{name}' is registered twice.");
        }

        return this;
    }

    /// <summary>The card submits whose <c>action</c> is one of the handler's <see cref="ICardActionHandler.Actions"/>.</summary>
    public BotRoutes Actions(ICardActionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        foreach (var action in handler.Actions)
        {
            if (BuiltInActions.Contains(action, StringComparer.Ordinal) || !actions.TryAdd(action, handler))
            {
                throw new InvalidOperationException($"The card action '{action}' is registered twice.");
            }
        }

        return this;
    }

    public BotRoutes Action(string action, Func<CardActionRequest, CancellationToken, Task<IReadOnlyList<BotReply>>> handle) =>
        Actions(new CardActionHandler([action], handle));

    /// <summary>A flow whose open dialog 'help', 'resume' and 'cancel' can explain, show again or drop.</summary>
    public BotRoutes Dialog(IDialogFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (dialogs.Contains(flow))
        {
            throw new InvalidOperationException($"The dialog flow {flow.GetType().Name} is registered twice.");
        }

        dialogs.Add(flow);
        return this;
    }

    /// <summary>The one provider of next sensible actions (see <see cref="INextActions"/>).</summary>
    public BotRoutes NextActions(INextActions provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (NextActionsProvider is not null)
        {
            throw new InvalidOperationException($"The next actions are provided twice ({NextActionsProvider.GetType().Name}, {provider.GetType().Name}).");
        }

        NextActionsProvider = provider;
        return this;
    }

    /// <summary>A one-card flow about one partner; its <see cref="IPartnerCardFlow.Kind"/> names its open card in storage.</summary>
    public BotRoutes PartnerCard(IPartnerCardFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (string.IsNullOrWhiteSpace(flow.Kind) || !partnerCards.TryAdd(flow.Kind, flow))
        {
            throw new InvalidOperationException($"The partner card kind '{flow.Kind}' is registered twice.");
        }

        return this;
    }
}

/// <summary>A card-action handler over a delegate, for a feature that handles an action in one of its methods.</summary>
public sealed class CardActionHandler(IReadOnlyCollection<string> actions, Func<CardActionRequest, CancellationToken, Task<IReadOnlyList<BotReply>>> handle) : ICardActionHandler
{
    public IReadOnlyCollection<string> Actions { get; } = actions;

    public Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        handle(request, cancellationToken);
}
