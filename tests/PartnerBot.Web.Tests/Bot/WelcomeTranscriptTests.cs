using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Bot;

public sealed class WelcomeTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private TableConversationReferenceStore Store => app.Factory.Services.GetRequiredService<TableConversationReferenceStore>();

    [Fact]
    public async Task Install_NewPerson_SendsWelcomeCardAndStoresReference()
    {
        var t = app.Factory.Transcript(user: "Ada Lovelace");

        await t.SendInstall();

        var card = t.AssertReplyCardContaining("Welcome, Ada Lovelace");
        Assert.Equal("1.5", (string?)card["version"]);
        t.AssertNoMoreReplies();
        var stored = await Store.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(t.Identity.ServiceUrl, stored.ServiceUrl);
        Assert.Equal(t.Identity.ConversationId, stored.ConversationId);
        Assert.Equal(t.Identity.ChannelUserId, stored.ChannelUserId);
        Assert.Equal(t.Identity.BotId, stored.BotId);
        Assert.Equal("msteams", stored.ChannelId);
        Assert.True(stored.Reachable);
    }

    [Fact]
    public async Task Install_ConversationUpdateAndInstallationUpdate_GreetsOnce()
    {
        // Teams sends both for one personal install.
        var t = app.Factory.Transcript(user: "Grace");

        await t.SendBotAdded();
        await t.SendInstall();

        t.AssertReplyCardContaining("Welcome, Grace");
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task Uninstall_MarksReferenceUnreachable()
    {
        var t = app.Factory.Transcript(user: "Katherine");
        await t.SendInstall();

        await t.SendUninstall();

        var stored = await Store.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.False(stored.Reachable);
        Assert.Equal("uninstalled", stored.UnreachableReason);
        var unreachable = await Store.ListUnreachableAsync(t.Identity.TenantId, CancellationToken.None);
        Assert.Equal(t.Identity.AadObjectId, Assert.Single(unreachable).UserId);
    }

    [Fact]
    public async Task Reinstall_AfterUninstall_GreetsAgainAndIsReachable()
    {
        var t = app.Factory.Transcript(user: "Dorothy");
        await t.SendInstall();
        await t.SendUninstall();

        await t.SendInstall();

        t.AssertReplyCardContaining("Welcome, Dorothy");
        t.AssertReplyCardContaining("Welcome, Dorothy");
        var stored = await Store.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, CancellationToken.None);
        Assert.True(stored!.Reachable);
        Assert.Empty(await Store.ListUnreachableAsync(t.Identity.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task Message_ServiceUrlChanged_UpdatesStoredReference()
    {
        var t = app.Factory.Transcript(user: "Hedy");
        await t.SendInstall();
        var moved = t.Message("help");
        moved.ServiceUrl = "https://smba.transcript.test/emea/";

        using var response = await t.Post(moved);
        await app.Factory.Turns.WaitAsync(moved.Id!, Transcript.TurnTimeout);

        Assert.True(response.IsSuccessStatusCode);
        var stored = await Store.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, CancellationToken.None);
        Assert.Equal("https://smba.transcript.test/emea/", stored!.ServiceUrl);
    }

    [Fact]
    public async Task Restart_SamePerson_ReferenceSurvivesAndNoSecondWelcome()
    {
        var first = await PartnerBotFactory.CreateAsync();
        var t = first.Transcript(user: "Margaret");
        await t.SendInstall();

        await using var second = await first.RestartAsync();
        var again = second.Transcript(t.Identity);
        await again.SendBotAdded();
        await again.Send("help");

        again.AssertReplyCardContaining("What I can do");
        again.AssertNoMoreReplies();
    }
}
