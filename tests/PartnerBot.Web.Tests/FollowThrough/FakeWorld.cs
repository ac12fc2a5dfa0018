using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.InMemory;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// The shared in-memory stores, seeded with workspaces whose partners have (optionally) a screening and an overdue
/// next step, so the planner can be tested on many workspaces. The follow-through tables themselves are in Azurite.
/// </summary>
internal sealed class FakeWorld : InMemoryStores
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public FakeWorld AddWorkspace(string tenant, int partners, bool withHistory, string zone = "Europe/Berlin", bool withContacts = true)
    {
        var key = WorkspaceKey.DefaultFor(tenant);
        var manager = new Member { Workspace = key, UserId = "m-" + tenant, Name = "Manager " + tenant, Role = WorkspaceRole.Manager, JoinedAt = Now.AddYears(-1) };
        Wait(CreateAsync(new Workspace { Key = key, Name = $"Library {tenant}", DefaultTimeZone = zone, NamedAt = Now.AddYears(-1), CreatedAt = Now.AddYears(-1), CreatedByUserId = manager.UserId }, manager, default));
        Wait(SaveAsync(new Member { Workspace = key, UserId = "c-" + tenant, Name = "Contact " + tenant, Role = WorkspaceRole.Staff, JoinedAt = Now.AddYears(-1) }, null, default));
        Wait(SaveAsync(key, new NeedsAssessment { Id = "na", Goal = "Maker space", Needs = [new Need { Id = "n1", Kind = NeedKind.Technology, Description = "3D printers" }, new Need { Id = "n2", Kind = NeedKind.Space, Description = "Workshop room" }], CreatedByUserId = manager.UserId, UpdatedAt = Now }, null, default));
        for (var i = 0; i < partners; i++)
        {
            var p = new Partner
            {
                Id = $"p{i}",
                Name = $"Partner {i} of {tenant}",
                Type = PartnerType.Nonprofit,
                Sector = (Sector)(i % 3),
                Stage = (PartnerStage)(i % 8),
                Clusters = [i % 2 == 0 ? "education" : "digital inclusion"],
                NeedIds = i == 0 ? ["n1"] : [],
                Contact = !withContacts ? null : new ContactAssignment { UserIds = ["c-" + tenant], AssignedAt = Now.AddDays(-120), AssignedByUserId = manager.UserId },
                CreatedByUserId = manager.UserId,
                CreatedAt = Now.AddDays(-200),
                UpdatedAt = Now.AddDays(-30),
            };
            var saved = Wait(SaveAsync(key, p, null, default));
            if (withHistory)
            {
                var screening = new PartnerScreening { PartnerId = p.Id, RaterUserId = "c-" + tenant, RaterName = "Contact", Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, _ => new Rating(1 + (i % 5))), SubmittedAt = Now.AddDays(-40) };
                Wait(SaveAsync(key, screening, null, saved, null, default));
                Wait(SaveAsync(key, new NextStep { Id = $"s{i}", PartnerId = p.Id, AssigneeUserId = "c-" + tenant, Description = "Send the draft agreement", DueDate = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2), CreatedAt = Now.AddDays(-20) }, null, default));
            }
        }

        return this;
    }

    public DigestInput DigestInput(string tenant)
    {
        var key = WorkspaceKey.DefaultFor(tenant);
        var pipeline = Wait(ReadAsync(key, default));
        return new DigestInput
        {
            Workspace = Wait(((IWorkspaceStore)this).GetAsync(key, default))!.Value,
            Partners = pipeline.Partners,
            Histories = pipeline.Histories,
            NeedsAssessments = Wait(((INeedsAssessmentStore)this).ListAsync(key, default)),
            Members = Wait(((IMemberStore)this).ListAsync(key, default)),
            WeekStart = Now.AddHours(-8),
            Today = DateOnly.FromDateTime(Now.UtcDateTime),
            Week = "2026-W48",
        };
    }

    /// <summary>The in-memory stores answer synchronously; this only unwraps.</summary>
    private static T Wait<T>(Task<T> task) => task.IsCompletedSuccessfully ? task.Result : task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
