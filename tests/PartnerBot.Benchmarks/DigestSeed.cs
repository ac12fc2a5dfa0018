using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Workspaces that look lived-in, written only through the store interfaces so the seed does not care which table
/// a row lands in: partners over every stage, 1–2 screenings for each partner past Identified, a few logged
/// interactions once a partner is being worked with, a next step from "in talks" on, and health checks for live
/// partnerships.
/// </summary>
internal sealed class DigestSeed(IWorkspaceStore workspaces, IMemberStore members, IPartnerStore partners, IPartnerHistoryStore history, INextStepStore nextSteps, IScreeningStore screenings)
{
    public const string Manager = "bench-manager";
    public const string Staff = "bench-staff";
    private static readonly PartnerStage[] Stages = Enum.GetValues<PartnerStage>();
    private long rows;

    public long Rows => Interlocked.Read(ref rows);

    public async Task SeedAsync(IReadOnlyList<WorkspaceKey> keys, int partnersEach, DateTimeOffset now)
    {
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
        {
            var admin = new Member { Workspace = key, UserId = Manager, Name = "Bench Manager", Role = WorkspaceRole.Manager, JoinedAt = now };
            await workspaces.CreateAsync(new Workspace { Key = key, Name = "Bench library", NamedAt = now, CreatedAt = now, CreatedByUserId = Manager }, admin, ct);
            await members.SaveAsync(new Member { Workspace = key, UserId = Staff, Name = "Bench Staff", Role = WorkspaceRole.Staff, JoinedAt = now }, null, ct);
            Interlocked.Add(ref rows, 3);
        });

        // Partners, not workspaces, are the unit of work: a workspace's hundred partners then spread over all workers.
        var work = keys.SelectMany(k => Enumerable.Range(0, partnersEach).Select(p => (k, p)));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (item, ct) =>
            await SeedPartnerAsync(item.k, item.p, now, ct));
    }

    private async Task SeedPartnerAsync(WorkspaceKey key, int p, DateTimeOffset now, CancellationToken ct)
    {
        var stage = Stages[p % Stages.Length];
        var id = $"p{p:D3}";
        var raters = stage == PartnerStage.Identified ? 0 : 1 + (p % 2);
        var scores = Enumerable.Range(0, raters).Select(r => 1 + ((p + r) % 5)).ToList();
        var worked = stage >= PartnerStage.Prioritised;
        var stored = await partners.SaveAsync(key, new Partner
        {
            Id = id,
            Name = $"Partner {p}",
            Type = PartnerType.LocalGovernment,
            Sector = Sector.Public,
            Stage = stage,
            StageReason = stage is PartnerStage.Ended or PartnerStage.UnderReview ? "The project it was for has finished." : null,
            Contact = worked ? new ContactAssignment { UserIds = [Staff], AssignedAt = now.AddDays(-30), AssignedByUserId = Manager } : null,
            ScreeningScore = raters == 0 ? null : scores.Average(),
            ScreeningRaters = raters,
            CreatedByUserId = Manager,
            CreatedAt = now.AddDays(-60),
            UpdatedAt = now.AddDays(-(p % 14)),
        }, null, ct);
        var written = 1;

        for (var r = 0; r < raters; r++)
        {
            var rater = r == 0 ? Manager : Staff;
            // A screening is written with its partner row, as a rater's submit writes it.
            await screenings.SaveAsync(key, new PartnerScreening
            {
                PartnerId = id,
                RaterUserId = rater,
                RaterName = rater == Manager ? "Bench Manager" : "Bench Staff",
                Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, q => new Rating(1 + ((p + r + (int)q) % 5))),
                SubmittedAt = now.AddDays(-50 + r),
            }, null, stored, null, ct);
            stored = (await partners.GetAsync(key, id, ct))!;
            written++;
        }

        // A contact or two while screening, more once the library is actually working with the partner.
        var interactions = stage == PartnerStage.Identified ? 0 : worked ? 2 + (p % 3) : 1;
        for (var i = 0; i < interactions; i++)
        {
            await history.SaveInteractionAsync(key, new Interaction
            {
                Id = $"{id}-i{i}",
                PartnerId = id,
                UserId = worked ? Staff : Manager,
                Summary = $"Call about next term's programme ({i + 1}).",
                OccurredAt = now.AddDays(-3 - (7 * i) - (p % 5)),
            }, ct);
            written++;
        }

        if (stage >= PartnerStage.InTalks)
        {
            var closed = stage == PartnerStage.Ended;
            await nextSteps.SaveAsync(key, new NextStep
            {
                Id = $"{id}-n0",
                PartnerId = id,
                AssigneeUserId = Staff,
                Description = "Send the draft agreement for comments",
                // Some overdue, some due this week, some later: the digest sorts them apart.
                DueDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays((p % 21) - 7),
                Status = closed ? NextStepStatus.Done : NextStepStatus.Open,
                CreatedAt = now.AddDays(-14),
                CompletedAt = closed ? now.AddDays(-2) : null,
                CreatedByUserId = Manager,
            }, null, ct);
            written++;
        }

        if (stage is PartnerStage.Active or PartnerStage.UnderReview)
        {
            await history.SaveHealthCheckAsync(key, new HealthCheck
            {
                Id = $"{id}-h0",
                PartnerId = id,
                UserId = Staff,
                Scores = Enum.GetValues<HealthQuestion>().ToDictionary(q => q, q => 1 + ((p + (int)q) % 5)),
                SubmittedAt = now.AddDays(-20),
            }, ct);
            written++;
        }

        Interlocked.Add(ref rows, written);
    }
}
