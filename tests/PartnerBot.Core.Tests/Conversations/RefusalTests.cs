using System.Reflection;
using System.Text.Json.Nodes;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

/// <summary>
/// Every submit handler answers bad input (over a limit, a cleared required field, a stale card, someone without the
/// role) with a refusal and stores nothing, so a host leaves the clicked card, and what was typed in it, as it was.
/// Ana is the admin (the first person) and added City Museum, an active partnership; Ben is staff.
/// </summary>
public class RefusalTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-refusals");

    private static Dictionary<string, string> Health(string? note = null)
    {
        var scores = new Dictionary<string, string>
        {
            ["qPartnerInterestMet"] = "4",
            ["qLibraryInterestMet"] = "4",
            ["qCommunication"] = "4",
            ["qProgress"] = "4",
            ["qStrategicFit"] = "4",
        };
        if (note is not null)
        {
            scores["note"] = note;
        }

        return scores;
    }

    /// <summary>Each case brings the conversation to a card and returns who submits what from it.</summary>
    private static readonly Dictionary<string, Func<TestBot, Transcript, Transcript, Task<(Transcript Who, JsonObject Submit)>>> Cases = new()
    {
        ["partner name over its limit"] = async (_, ana, _) =>
        {
            await ana.SayAsync("add partner Code Club");
            return (ana, ana.BuildSubmit("Add partner", new Dictionary<string, string> { ["type"] = "LocalGovernment", ["name"] = new string('x', PartnerCatalog.MaxNameLength + 1) }));
        },
        ["partner name cleared"] = async (_, ana, _) =>
        {
            await ana.SayAsync("add partner Code Club");
            return (ana, ana.BuildSubmit("Add partner", new Dictionary<string, string> { ["type"] = "LocalGovernment", ["name"] = "" }));
        },
        ["stage change on a stale card"] = async (bot, ana, _) =>
        {
            await ana.SayAsync("stage City Museum");
            var submit = ana.BuildSubmit("Change stage", new Dictionary<string, string> { ["stage"] = nameof(PartnerStage.Formalised) });
            var partners = (IPartnerStore)bot.Stores;
            var stored = (await partners.ListAsync(Ws, default)).Single();
            var current = (await partners.GetAsync(Ws, stored.Id, default))!;
            await partners.SaveAsync(Ws, current.Value with { Notes = "Changed by someone else" }, current.ETag, default);
            return (ana, submit);
        },
        ["stage change to ended without a reason"] = async (_, ana, _) =>
        {
            await ana.SayAsync("stage City Museum");
            return (ana, ana.BuildSubmit("Change stage", new Dictionary<string, string> { ["stage"] = nameof(PartnerStage.Ended), ["reason"] = "" }));
        },
        ["contact summary over its limit"] = async (_, ana, _) =>
        {
            await ana.SayAsync("log City Museum");
            return (ana, ana.BuildSubmit("Log it", new Dictionary<string, string> { ["summary"] = new string('s', ContactLog.MaxSummary + 1) }));
        },
        ["contact summary cleared"] = async (_, ana, _) =>
        {
            await ana.SayAsync("log City Museum");
            return (ana, ana.BuildSubmit("Log it", new Dictionary<string, string> { ["summary"] = "" }));
        },
        ["health-check note over its limit"] = async (_, ana, _) =>
        {
            await ana.SayAsync("health City Museum");
            return (ana, ana.BuildSubmit("Send", Health(new string('n', 2001))));
        },
        ["health-check edit on a stale card"] = async (_, ana, _) =>
        {
            await ana.SayAsync("health City Museum");
            await ana.ClickAsync("Send", Health("Going well"));
            await ana.ClickAsync("Edit");
            var edit = ana.BuildSubmit("Save changes", new Dictionary<string, string> { ["qProgress"] = "2" });
            await ana.SubmitAsync(edit);
            return (ana, edit);
        },
        ["health-check edit by other staff"] = async (_, ana, ben) =>
        {
            await ana.SayAsync("health City Museum");
            await ana.ClickAsync("Send", Health("Going well"));
            await ana.ClickAsync("Edit");
            return (ben, ana.BuildSubmit("Save changes", new Dictionary<string, string> { ["qProgress"] = "2" }));
        },
        ["library settings by staff"] = async (_, ana, ben) =>
        {
            await ana.SayAsync("library");
            return (ben, ana.BuildSubmit("Save", new Dictionary<string, string> { ["libraryName"] = "Ben's library" }));
        },
        ["role change by staff"] = async (_, ana, ben) =>
        {
            await ana.SayAsync("members");
            return (ben, ana.BuildSubmit("Save role", new Dictionary<string, string> { ["member"] = ben.User.UserId, ["role"] = nameof(WorkspaceRole.Admin) }));
        },
        ["undoing an archive by staff"] = async (_, ana, ben) =>
        {
            await ana.SayAsync("archive City Museum");
            return (ben, ana.BuildSubmit("Undo"));
        },
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task BadSubmit_IsARefusal_AndStoresNothing(string name)
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ben.SayAsync("help");
        var partners = (IPartnerStore)bot.Stores;
        var added = (await partners.ListAsync(Ws, default)).Single();
        var stored = (await partners.GetAsync(Ws, added.Id, default))!;
        await partners.SaveAsync(Ws, stored.Value with { Stage = PartnerStage.Active }, stored.ETag, default);
        var (who, submit) = await Cases[name](bot, ana, ben);
        var before = Rows(bot.Stores);

        var replies = await who.SubmitAsync(submit);

        var texts = replies.OfType<TextReply>().ToList();
        Assert.True(replies.Count > 0 && replies[0] is TextReply, $"{name}: the first reply says why. Replies: {who.Text}");
        Assert.All(texts, t => Assert.True(t.ChangedNothing, $"{name}: \"{t.Text}\" is a refusal."));
        Assert.Equal(before, Rows(bot.Stores));
    }

    /// <summary>Every stored row (table, key and ETag) except dialog state, which records only where a person is.</summary>
    private static List<string> Rows(InMemoryStores stores)
    {
        var field = typeof(InMemoryStores).GetField("partitions", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("The in-memory stores no longer keep their rows in 'partitions'.");
        var partitions = (System.Collections.IDictionary)field.GetValue(stores)!;
        var rows = new List<string>();
        foreach (System.Collections.DictionaryEntry partition in partitions)
        {
            foreach (System.Collections.DictionaryEntry row in (System.Collections.IDictionary)partition.Value!)
            {
                var key = (string)row.Key;
                if (!key.StartsWith("dialog", StringComparison.Ordinal))
                {
                    rows.Add($"{partition.Key}|{key}|{row.Value}");
                }
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
