using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Conversations;

/// <summary>
/// Routes what people say to the right flow: an exact command word first (case-insensitive, longest match),
/// then the intent recognizer when one is registered, else help. Card submits go by their <c>action</c>.
/// Every command, card action and dialog comes from a feature (<see cref="IFlow"/>); a name declared twice
/// fails at start-up, not at the first clash (see <see cref="BotRoutes"/>).
/// </summary>
public sealed class ConversationEngine : IConversationEngine
{
    /// <summary>Below this a recognizer's guess is treated as "did not understand".</summary>
    public const double MinimumConfidence = 0.5;

    /// <summary>How many next actions the welcome, 'help' and a did-not-understand answer offer as buttons.</summary>
    public const int SuggestionCount = 5;

    /// <summary>Of those, how many a did-not-understand answer takes from the words typed; the rest come from the workspace.</summary>
    public const int TypedSuggestionCount = 4;

    private static readonly IReadOnlyList<string> BuiltIns = BotRoutes.BuiltInCommands;

    private readonly IReadOnlyDictionary<string, ICommandHandler> commands;
    private readonly IReadOnlyDictionary<string, ICardActionHandler> actions;
    private readonly List<ICommandHandler> byLength;
    private readonly IReadOnlyList<IDialogFlow> flows;
    private readonly IReadOnlyList<IIntentRecognizer> recognizers;
    private readonly WorkspaceDirectory directory;
    private readonly IDialogStateStore dialogs;
    private readonly IPartnerStore partners;
    private readonly INextActions? nextActions;

    public ConversationEngine(
        IEnumerable<IFlow> features,
        IEnumerable<IIntentRecognizer> intentRecognizers,
        WorkspaceDirectory directory,
        IDialogStateStore dialogs,
        IPartnerStore partners)
    {
        var routes = BotRoutes.From(features);
        commands = routes.CommandHandlers;
        actions = routes.ActionHandlers;
        byLength = [.. commands.Values.OrderByDescending(h => h.Command.Name.Length)];
        AvailableCommands =
        [
            .. BotCommands.Menu.Where(c => BuiltIns.Contains(c.Name) || commands.ContainsKey(c.Name)),
            .. commands.Values.Select(h => h.Command).Where(c => !BotCommands.Menu.Contains(c)),
        ];
        flows = [.. routes.DialogFlows, new PartnerCardDialogFlow(routes.PartnerCardFlows, partners, dialogs)];
        recognizers = [.. intentRecognizers];
        nextActions = routes.NextActionsProvider;
        this.directory = directory;
        this.dialogs = dialogs;
        this.partners = partners;
    }

    /// <summary>Every command a person can use, in menu order, then any others registered. Fixed once the routes are built.</summary>
    public IReadOnlyList<BotCommand> AvailableCommands { get; }

    public Task<Admission> AdmitAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken) =>
        directory.AdmitAsync(user, place, cancellationToken);

    public async Task<IReadOnlyList<BotReply>> OnInstalledAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken)
    {
        var admission = await directory.AdmitAsync(user, place, cancellationToken);
        if (admission.Caller is not { } caller)
        {
            return admission.Refusal(user);
        }

        // The first admin (or any admin, until one has) is asked the library's name and zone in the welcome itself.
        var unnamed = caller.Role == WorkspaceRole.Admin && await directory.GetWorkspaceAsync(caller.Workspace, cancellationToken) is { Value.NamedAt: null } ws ? ws : null;
        var welcome = WelcomeCard.Build(user.Name, unnamed is null ? null : Cards.Workspaces.LibraryCard.Form(unnamed, caller.Zone, directory.Time.GetUtcNow()));
        // The welcome's own content comes first; the buttons for where to start are a part of their own at its end.
        WelcomeNextSteps.Append(welcome, await SuggestAsync(caller with { Place = place }, null, cancellationToken));
        await directory.MarkWelcomedAsync(caller.Workspace, user.UserId, cancellationToken);
        return [BotReply.Show(welcome)];
    }

    public async Task<IReadOnlyList<BotReply>> OnMessageAsync(TurnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var admission = await directory.AdmitAsync(input.User, input.Place, cancellationToken);
        if (admission.Caller is not { } admitted)
        {
            return admission.Refusal(input.User);
        }

        var caller = admitted with { Place = input.Place };
        if (input.Value is { } value && value["action"] is JsonValue actionNode && actionNode.TryGetValue<string>(out var action))
        {
            return await OnCardActionAsync(caller, action, value, cancellationToken);
        }

        var text = string.Join(' ', (input.Text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return await HelpCardAsync(caller, input.Value is null ? null : "That button is not one I know; it may be from an older card.", null, cancellationToken);
        }

        return await OnTextAsync(caller, text, cancellationToken);
    }

    private async Task<IReadOnlyList<BotReply>> OnCardActionAsync(Caller caller, string action, JsonObject value, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case CardActions.Command:
                var name = (string?)(value["command"] as JsonValue) ?? "";
                var entities = new Dictionary<string, string>();
                if (value["partner"] is JsonValue p && p.TryGetValue<string>(out var partnerId))
                {
                    entities["partner"] = partnerId;
                }

                var arguments = (string?)(value["arguments"] as JsonValue) ?? "";
                return await OnTextAsync(caller, (name + " " + arguments).Trim(), cancellationToken, entities);
            case CardActions.Cancel:
                return await CancelAsync(caller, cancellationToken);
            case CardActions.Dismiss:
                return Replies.Say(CardActions.Dismissed((string?)(value["what"] as JsonValue)));
        }

        if (actions.TryGetValue(action, out var handler))
        {
            // Every handler reads an input its card showed but the client left out as cleared.
            return await handler.HandleAsync(new CardActionRequest { Caller = caller, Action = action, Value = ShownInputs.Complete(value) }, cancellationToken);
        }

        return await HelpCardAsync(caller, "That button is not one I know; it may be from an older card.", null, cancellationToken);
    }

    private async Task<IReadOnlyList<BotReply>> OnTextAsync(Caller caller, string text, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? entities = null)
    {
        if (Matches(text, BotCommands.Cancel.Name, out _))
        {
            return await CancelAsync(caller, cancellationToken);
        }

        if (Matches(text, BotCommands.Resume.Name, out _))
        {
            return await ResumeAsync(caller, cancellationToken);
        }

        if (Matches(text, BotCommands.Help.Name, out _))
        {
            return await HelpAsync(caller, null, cancellationToken);
        }

        foreach (var handler in byLength)
        {
            if (Matches(text, handler.Command.Name, out var arguments))
            {
                return await handler.HandleAsync(
                    new CommandRequest { Caller = caller, Arguments = arguments, Entities = entities ?? new Dictionary<string, string>() },
                    cancellationToken);
            }
        }

        switch (SmallTalk.Recognize(text))
        {
            case SmallTalkKind.Greeting when JustWelcomed(caller):
                // Their welcome, with the same buttons, is just above: a second card would only repeat it.
                return Replies.Say($"Hello, {FirstName(caller.User.Name)}! The buttons above are where to start, or type a question such as 'what is on my plate this week'. Type 'help' any time to see them again.");
            case SmallTalkKind.Greeting:
                return await HelpCardAsync(caller, $"Hello, {FirstName(caller.User.Name)}! Here is what you could do next, or type a question such as 'what is on my plate this week'.", null, cancellationToken);
            case SmallTalkKind.Thanks:
                return Replies.Say("You're welcome. Type 'help' whenever you want to see what to do next.");
        }

        if (await RecognizeAsync(caller, text, cancellationToken) is { } recognized)
        {
            return recognized;
        }

        return await HelpAsync(caller, "I did not understand that.", cancellationToken, text);
    }

    /// <summary>How long after the welcome a greeting is taken as the reply to it rather than a fresh start.</summary>
    public static readonly TimeSpan WelcomeWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether the welcome, with its buttons, went to the person moments ago. Someone who never had one (their first
    /// turn is a message) gets the greeting card.
    /// </summary>
    private bool JustWelcomed(Caller caller) =>
        caller.WelcomedAt is { } welcomed && directory.Time.GetUtcNow() - welcomed < WelcomeWindow;

    private static string FirstName(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;

    private async Task<IReadOnlyList<BotReply>?> RecognizeAsync(Caller caller, string text, CancellationToken cancellationToken)
    {
        if (recognizers.Count == 0)
        {
            return null;
        }

        var list = await partners.ListAsync(caller.Workspace, cancellationToken);
        var names = list.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var available = AvailableCommands;
        foreach (var recognizer in recognizers)
        {
            var intent = await recognizer.RecognizeAsync(text, available, names, cancellationToken);
            // The recognizer is a guess (perhaps a model's): act only on a command that exists and a partner of this workspace.
            if (intent.Command is null || intent.Confidence < MinimumConfidence)
            {
                continue;
            }

            if (BuiltIns.Contains(intent.Command, StringComparer.OrdinalIgnoreCase))
            {
                return await OnTextAsync(caller, intent.Command, cancellationToken);
            }

            if (!commands.TryGetValue(intent.Command, out var handler))
            {
                continue;
            }

            var entities = intent.Entities
                .Where(e => e.Key != "partner" || names.ContainsKey(e.Value))
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            var replies = await handler.HandleAsync(new CommandRequest { Caller = caller, Entities = entities }, cancellationToken);
            return intent.Unused.Count == 0 ? replies : [BotReply.Say(UnusedNote(intent)), .. replies];
        }

        return null;
    }

    /// <summary>What the answer to a partly understood sentence says first: which words it did not use.</summary>
    public static string UnusedNote(Intent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var words = string.Join(' ', intent.Unused);
        if (words.Length > 80)
        {
            words = words[..80] + "…";
        }

        return $"I took that as '{intent.Command}' and did not use \"{words}\"; say it another way if it mattered.";
    }

    private async Task<IReadOnlyList<BotReply>> HelpAsync(Caller caller, string? problem, CancellationToken cancellationToken, string? typed = null)
    {
        var open = await dialogs.GetAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        if (open is not null && flows.FirstOrDefault(f => f.Owns(open.Value)) is { } flow)
        {
            var lead = problem is null ? "" : problem + " ";
            return Replies.Say($"{lead}You are in {flow.Describe(open.Value)}. {flow.Help(open.Value)} Type 'resume' to see the card again, or 'cancel' to stop.");
        }

        return await HelpCardAsync(caller, problem is null ? null : problem + (typed is null ? " Here is what I can do." : " Did you mean one of these?"), typed, cancellationToken);
    }

    /// <summary>The help card: a few buttons for the likeliest next actions, and every command one click away.</summary>
    private async Task<IReadOnlyList<BotReply>> HelpCardAsync(Caller caller, string? intro, string? typed, CancellationToken cancellationToken) =>
        [BotReply.Show(HelpCard.Build(AvailableCommands, intro, await SuggestAsync(caller, typed, cancellationToken)))];

    /// <summary>
    /// The commands to offer as buttons: those the typed words come closest to (when something was typed), then the
    /// workspace's next sensible actions, then the menu's order; never help, cancel or resume, which have their own place.
    /// </summary>
    private async Task<IReadOnlyList<BotCommand>> SuggestAsync(Caller caller, string? typed, CancellationToken cancellationToken)
    {
        // In a team channel only the commands meant for a channel are offered, as in the Teams command menu there.
        var scope = caller.Place?.IsChannel == true ? CommandScopes.Team : CommandScopes.Personal;
        var offered = AvailableCommands.Where(c => !BuiltIns.Contains(c.Name, StringComparer.OrdinalIgnoreCase) && c.Scopes.HasFlag(scope))
            .DistinctBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        if (typed is not null)
        {
            names.AddRange(RuleBasedIntentRecognizer.Suggest(typed, AvailableCommands).Where(offered.ContainsKey).Take(TypedSuggestionCount));
        }

        if (nextActions is not null)
        {
            names.AddRange(await nextActions.SuggestAsync(caller, cancellationToken));
        }

        names.AddRange(AvailableCommands.Select(c => c.Name));
        return [.. names.Where(offered.ContainsKey).Distinct(StringComparer.OrdinalIgnoreCase).Take(SuggestionCount).Select(n => offered[n])];
    }

    private async Task<IReadOnlyList<BotReply>> CancelAsync(Caller caller, CancellationToken cancellationToken)
    {
        var open = await dialogs.GetAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        if (open is null)
        {
            return Replies.Refuse("There is nothing to cancel.");
        }

        await dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var flow = flows.FirstOrDefault(f => f.Owns(open.Value));
        return flow is null
            ? Replies.Say("Cancelled what we were doing. Nothing from its card was saved.")
            : Replies.Say($"Cancelled {flow.Describe(open.Value)}. {flow.AfterCancel(open.Value)}");
    }

    private async Task<IReadOnlyList<BotReply>> ResumeAsync(Caller caller, CancellationToken cancellationToken)
    {
        var open = await dialogs.GetAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        if (open is null || flows.FirstOrDefault(f => f.Owns(open.Value)) is not { } flow)
        {
            return await HelpCardAsync(caller, "You have nothing open to resume: a cancelled or finished card cannot be picked up again. Here is what I can do.", null, cancellationToken);
        }

        return await flow.ResumeAsync(caller, open.Value, cancellationToken);
    }

    /// <summary>Whether <paramref name="text"/> is <paramref name="command"/>, alone or followed by a space and arguments.</summary>
    private static bool Matches(string text, string command, out string arguments)
    {
        arguments = "";
        if (!text.StartsWith(command, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.Length == command.Length)
        {
            return true;
        }

        if (text[command.Length] != ' ')
        {
            return false;
        }

        arguments = text[(command.Length + 1)..].Trim();
        return true;
    }
}

/// <summary>Card actions the router itself handles.</summary>
public static class CardActions
{
    /// <summary><c>{ "action": "command", "command": "screen", "partner": "id" }</c>: run a command as if typed.</summary>
    public const string Command = "command";

    /// <summary>Cancel the open dialog.</summary>
    public const string Cancel = "cancel";

    /// <summary>
    /// <c>{ "action": "dismiss", "what": "erase" }</c>: the Cancel of a confirmation that is no dialog (an erase, a
    /// forget): it changes nothing, and leaves whatever card the person has open as it is.
    /// </summary>
    public const string Dismiss = "dismiss";

    /// <summary>What a dismissed confirmation says; a <c>what</c> it does not know changes nothing either.</summary>
    public static string Dismissed(string? what) => what switch
    {
        "erase" => "Nothing was erased.",
        "forget" => "Nothing was changed: their data stays as it was.",
        _ => "Nothing was changed.",
    };
}
