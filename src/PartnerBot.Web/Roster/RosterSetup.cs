using PartnerBot.Core.Contacts;
using PartnerBot.Protocol.Bots;
using PartnerBot.Storage.Roster;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Roster;

/// <summary>The team's roster in the contact picker: the installed places, their recorder, and the channel's rosters.</summary>
public static class RosterSetup
{
    /// <summary>Call after the host registered its <see cref="IBot"/>: the recorder wraps it.</summary>
    public static WebApplicationBuilder AddPartnerBotRoster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddInstalledPlaceStore();
        services.AddSingleton<RecordedPlaces>();
        services.AddSingleton<IColleagueRoster, ConnectorColleagueRoster>();
        services.AddSingleton<IChatRefusedNotice, PromptChatRefusedNotice>();

        var bot = services.LastOrDefault(d => d.ServiceType == typeof(IBot))
            ?? throw new InvalidOperationException("Register the bot before the roster: the roster's recorder wraps it.");
        services.Remove(bot);
        services.Add(new ServiceDescriptor(
            typeof(IBot),
            sp => ActivatorUtilities.CreateInstance<InstalledPlaceRecorder>(sp, (IBot)(bot.ImplementationInstance
                ?? bot.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, bot.ImplementationType!))),
            bot.Lifetime));
        return builder;
    }
}
