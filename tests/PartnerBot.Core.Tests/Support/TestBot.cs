using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Support;

/// <summary>An engine over in-memory stores; <see cref="Restart"/> builds a new engine over the same data.</summary>
public sealed class TestBot
{
    public InMemoryStores Stores { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public ConversationEngine Engine { get; private set; }

    /// <summary>Who the directory says people are; everyone is staff unless a test says otherwise.</summary>
    public FakeRoster Roster { get; } = new();

    /// <summary>Admins named in configuration; set before <see cref="Restart"/>.</summary>
    public ConfiguredAdmins Admins { get; set; } = ConfiguredAdmins.None;

    public WorkspaceDirectory Directory { get; private set; } = null!;

    public TestBot(params IIntentRecognizer[] recognizers)
        : this(null, recognizers)
    {
    }

    /// <summary>With one more feature beside the partnership features, e.g. a test's own one-card flow.</summary>
    public TestBot(IFlow? extra, params IIntentRecognizer[] recognizers)
    {
        this.recognizers = recognizers;
        this.extra = extra;
        Engine = Build();
    }

    private readonly IIntentRecognizer[] recognizers;
    private readonly IFlow? extra;

    /// <summary>What every feature is given, over <see cref="Stores"/>.</summary>
    public FlowServices Services { get; private set; } = null!;

    public ConversationEngine Restart() => Engine = Build();

    public Transcript Talk(string tenant, string userId, string name) => new(Engine, new UserRef(tenant, userId, name));

    private ConversationEngine Build()
    {
        var directory = Directory = new WorkspaceDirectory(Stores, Stores, Stores, Roster, Admins, Time);
        var services = Services = new FlowServices(Stores, Stores, Stores, Stores, Stores, Stores, Stores, Stores, Stores, directory, Time, Stores, Stores) { StaffErasure = Stores, WorkspaceData = Stores };
        return new ConversationEngine([.. PartnershipFlows.All(services), .. extra is null ? [] : new[] { extra }], recognizers, directory, Stores, Stores);
    }
}
