using PartnerBot.Core.Contacts;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Contacts;

public sealed class ColleagueRulesTests
{
    private static readonly WorkspaceKey Workspace = WorkspaceKey.DefaultFor("tenant-a");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Offered_MembersFirst_ThenRosterPeopleNotAlreadyMembers_SameObjectIdInAnyCaseIsOnePerson()
    {
        var ada = new Member { Workspace = Workspace, UserId = "aaaa-0001", Name = "Ada", Role = WorkspaceRole.Admin, JoinedAt = Now.AddDays(-3) };
        var roster = new ColleagueList([new Colleague("AAAA-0001", "Ada L."), new Colleague("bbbb-0002", "Ben"), new Colleague("BBBB-0002", "Ben again")], null);

        var offered = ColleagueRules.Offered([ada], roster, Workspace, Now);

        Assert.Equal([("aaaa-0001", "Ada", WorkspaceRole.Admin), ("bbbb-0002", "Ben", WorkspaceRole.Staff)], offered.Select(m => (m.UserId, m.Name, m.Role)));
        Assert.Equal(Now, offered[1].JoinedAt);
    }

    [Fact]
    public void Offered_NoRoster_IsTheMembersUnchanged()
    {
        var ada = new Member { Workspace = Workspace, UserId = "aaaa-0001", Name = "Ada", JoinedAt = Now };

        Assert.Equal([ada], ColleagueRules.Offered([ada], ColleagueList.Empty, Workspace, Now));
    }

    [Fact]
    public void RefusalSentences_SayWhatToDo()
    {
        Assert.Contains("Ask them to add PartnerBot in Teams, or pick someone else", ColleagueRules.NotReachable("Ben"), StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", ColleagueRules.NotReachable("Ben"), StringComparison.Ordinal);
        Assert.Contains("nothing was saved", ColleagueRules.NotOnRoster("Ben"), StringComparison.Ordinal);
    }
}
