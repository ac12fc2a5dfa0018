using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Connector;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Bot;

/// <summary>
/// Who is enrolled, through /api/messages: a new person is looked up in the conversation's roster first, and only the
/// tenant's own members join. Everyone else is refused, and nothing about them is stored.
/// </summary>
public sealed class EnrolmentTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private const string GuestsRefusal = "PartnerBot is for the library's own staff, and guests can't use it here";

    [Fact]
    public async Task Guest_Message_IsRefusedPolitely_AndNothingIsStored()
    {
        var t = app.Factory.Transcript("Gus");
        app.Factory.Connector.Members[t.Identity.ChannelUserId] = new FakeMember(UserRole: "guest");

        await t.Send("help");

        var refusal = t.AssertReplyText(GuestsRefusal);
        Assert.Contains("ask a colleague at the library", refusal.Text, StringComparison.Ordinal);
        t.AssertNoMoreReplies();
        await AssertNothingStoredAsync(t);
        var lookup = Assert.Single(app.Factory.Connector.Calls, c => c.Operation == "member" && c.UserId == t.Identity.ChannelUserId);
        Assert.Equal((t.Identity.ServiceUrl, t.Identity.ConversationId), (lookup.ServiceUrl, lookup.ConversationId));
    }

    [Fact]
    public async Task Anonymous_Install_IsRefused_NoWelcome_AndNothingIsStored()
    {
        var t = app.Factory.Transcript("Anon");
        app.Factory.Connector.Members[t.Identity.ChannelUserId] = new FakeMember(UserRole: "anonymous");

        await t.SendInstall();

        t.AssertReplyText(GuestsRefusal);
        t.AssertNoMoreReplies();
        Assert.Empty(t.Cards);
        await AssertNothingStoredAsync(t);
    }

    [Fact]
    public async Task PersonOfAnotherTenant_CardAction_IsRefused_AndNothingIsStored()
    {
        var t = app.Factory.Transcript("Eve");
        app.Factory.Connector.Members[t.Identity.ChannelUserId] = new FakeMember(TenantId: "tenant-elsewhere");

        var (status, body) = await t.SendInvoke("adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "command", ["data"] = new JsonObject { ["command"] = "partners" } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Nothing was changed", (string?)body?["value"], StringComparison.Ordinal);
        t.AssertReplyText("you are signed in with another organisation");
        t.AssertNoMoreReplies();
        await AssertNothingStoredAsync(t);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task LookupFails_CardSubmit_IsRefused_NothingIsStored_AndALaterTryEnrols(HttpStatusCode failure)
    {
        var t = app.Factory.Transcript("Ada");
        var user = t.Identity.ChannelUserId;
        app.Factory.Connector.Failure = c => c.Operation == "member" && c.UserId == user ? new ConnectorException(failure, "Failed", "No answer.") : null;

        await t.SendSubmit(new JsonObject { ["action"] = "command", ["command"] = "partners" });

        t.AssertReplyText("I could not check your membership");
        t.AssertNoMoreReplies();
        await AssertNothingStoredAsync(t);

        app.Factory.Connector.Failure = null;
        await t.Send("help");
        t.AssertReplyCardContaining("What I can do");
        Assert.NotNull(await Members.GetAsync(Workspace(t), t.Identity.AadObjectId, default));
    }

    [Fact]
    public async Task TenantMember_IsEnrolledAsBefore_AndLookedUpOnlyOnce()
    {
        var t = app.Factory.Transcript("Ada");

        await t.SendInstall();
        await t.Send("help");
        await t.Send("members");

        t.AssertReplyCardContaining("Welcome, Ada");
        t.AssertReplyCardContaining("What I can do");
        t.AssertReplyCardContaining("Admin");
        Assert.Single(app.Factory.Connector.Calls, c => c.Operation == "member" && c.UserId == t.Identity.ChannelUserId);
        var member = await Members.GetAsync(Workspace(t), t.Identity.AadObjectId, default);
        Assert.Equal(WorkspaceRole.Admin, member?.Value.Role);
        Assert.NotNull(await References.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, default));
    }

    [Fact]
    public async Task OverHttp_TheFakeConnectorsRoster_RefusesTheGuest_AndAdmitsTheMember()
    {
        // The real connector client this time, against the fake Bot Connector on a local port.
        await using var connector = await FakeConnectorServer.StartAsync();
        await using var factory = await PartnerBotFactory.CreateAsync(o => o.RecordConnector = false);
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var guest = factory.Transcript(TranscriptIdentity.Create("Gus", tenant) with { ServiceUrl = connector.ServiceUrlFor(tenant) });
        var member = factory.Transcript(TranscriptIdentity.Create("Ada", tenant) with { ServiceUrl = connector.ServiceUrlFor(tenant) });
        connector.Members[guest.Identity.ChannelUserId] = new FakeMember(UserRole: "guest");

        await guest.Send("help");
        await member.Send("help");

        Assert.Equal(2, connector.MemberLookups);
        var toGuest = Assert.Single(connector.Received, r => r.ConversationId == guest.Identity.ConversationId);
        Assert.Contains(GuestsRefusal, (string?)toGuest.Activity["text"], StringComparison.Ordinal);
        var toMember = Assert.Single(connector.Received, r => r.ConversationId == member.Identity.ConversationId);
        Assert.Contains("What I can do", Transcript.TextOf(toMember.Activity["attachments"]), StringComparison.Ordinal);
        var members = factory.Services.GetRequiredService<IMemberStore>();
        Assert.Equal([member.Identity.AadObjectId], (await members.ListAsync(WorkspaceKey.DefaultFor(tenant), default)).Select(m => m.UserId));
    }

    [Fact]
    public async Task ConfiguredAdmin_IsAdminThoughNotFirst_CannotBeDemoted_AndDemotesTheFirstAdmin()
    {
        const string configured = "5d0c2a17-0000-4000-8000-0000000ad4e1";
        await using var factory = await PartnerBotFactory.CreateAsync(o => o.Settings["Workspace:AdminObjectIds:0"] = configured.ToUpperInvariant());
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = factory.Transcript("Ada", tenant);
        await ada.Send("help");
        var cleo = factory.Transcript(TranscriptIdentity.Create("Cleo", tenant) with { AadObjectId = configured });
        await cleo.Send("help");

        // The notice "Cleo made you a staff" reaches Ada through the outbox, whenever it is sent: look among everything
        // a turn brought, not at the last message alone.
        static void Answered(Transcript person, int before, string text) =>
            Assert.Contains(person.Replies.Skip(before), r => r.Text?.Contains(text, StringComparison.Ordinal) == true);

        var before = ada.Replies.Count;
        await ada.Send("role Cleo staff");
        Answered(ada, before, "admin by PartnerBot's own settings");
        before = cleo.Replies.Count;
        await cleo.Send("role Ada staff");
        Answered(cleo, before, "Ada is now a staff");
        before = ada.Replies.Count;
        await ada.Send("role Cleo manager");
        Answered(ada, before, "Only a workspace admin");

        var members = factory.Services.GetRequiredService<IMemberStore>();
        var key = WorkspaceKey.DefaultFor(tenant);
        Assert.Equal(WorkspaceRole.Admin, (await members.GetAsync(key, configured, default))?.Value.Role);
        Assert.Equal(WorkspaceRole.Staff, (await members.GetAsync(key, ada.Identity.AadObjectId, default))?.Value.Role);
        Assert.Equal([configured], (await factory.Services.GetRequiredService<IRoleStore>().ReadAsync(key, default)).Admins?.Value.UserIds);
    }

    private IMemberStore Members => app.Factory.Services.GetRequiredService<IMemberStore>();

    private TableConversationReferenceStore References => app.Factory.Services.GetRequiredService<TableConversationReferenceStore>();

    private static WorkspaceKey Workspace(Transcript t) => WorkspaceKey.DefaultFor(t.Identity.TenantId);

    private async Task AssertNothingStoredAsync(Transcript t)
    {
        Assert.Null(await app.Factory.Services.GetRequiredService<IWorkspaceStore>().GetAsync(Workspace(t), default));
        Assert.Null(await Members.GetAsync(Workspace(t), t.Identity.AadObjectId, default));
        Assert.Empty(await Members.ListAsync(Workspace(t), default));
        Assert.Null(await References.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, default));
    }
}
