using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Hosting;

/// <summary>
/// Storage that hangs (its process stopped, connections open and silent) must not leave a person in silence:
/// they get an apology while storage is still frozen, and once it answers again everything works and nothing
/// stored before was lost. This test owns its Azurite; the suite's shared one is never frozen.
/// </summary>
public sealed class StorageHangTests
{
    [Fact]
    public async Task Turn_StorageFrozenMidSession_ApologyArrivesWhileFrozen_ThenEverythingWorksAgain()
    {
        await using var azurite = await AzuriteServer.StartPrivateAsync();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
            o.Settings["Storage:NetworkTimeout"] = "00:00:01";
            o.Settings["Storage:MaxRetries"] = "1";
            o.Settings["Chat:TurnDeadline"] = "00:00:03";
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
        });
        var t = factory.Transcript(user: "Ada Lovelace");
        await t.Send("members");
        var before = t.Replies.Count;

        azurite.Freeze();
        try
        {
            await t.Send("add partner City Museum");

            // The turn has ended while storage is still frozen: the person was answered, with an apology.
            var apology = Assert.Single(t.Replies.Skip(before));
            Assert.True(apology.Text?.Contains("storage is answering slowly", StringComparison.Ordinal), apology.Text);
        }
        finally
        {
            azurite.Thaw();
        }

        var afterThaw = t.Replies.Count;
        await t.Send("members");

        // The workspace and membership made before the freeze are still there, read back from storage.
        var listing = string.Join("\n", t.Replies.Skip(afterThaw).Select(r => r.Text + (r.Attachments is { Count: > 0 } a ? a[0].Content?.ToJsonString() : "")));
        Assert.Contains("Ada Lovelace", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("storage is answering slowly", listing, StringComparison.Ordinal);
    }
}
