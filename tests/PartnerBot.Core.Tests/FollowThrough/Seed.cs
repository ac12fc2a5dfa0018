using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Tests.FollowThrough;

internal static class Seed
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    public static Partner Partner(string id, PartnerStage stage, string? contact = "u1", Sector sector = Sector.Civic, DateTimeOffset? updated = null, DateTimeOffset? assigned = null, params string[] needs) => new()
    {
        Id = id,
        Name = "Partner " + id,
        Type = PartnerType.Nonprofit,
        Sector = sector,
        Stage = stage,
        NeedIds = needs,
        Contact = contact is null ? null : new ContactAssignment { UserIds = [contact], AssignedAt = assigned ?? Now.AddDays(-200), AssignedByUserId = "m1" },
        CreatedByUserId = "m1",
        CreatedAt = Now.AddDays(-300),
        UpdatedAt = updated ?? Now.AddDays(-1),
    };

    public static NextStep Step(string id, string partnerId, DateOnly due, NextStepStatus status = NextStepStatus.Open) => new()
    {
        Id = id,
        PartnerId = partnerId,
        AssigneeUserId = "u1",
        Description = "Call back",
        DueDate = due,
        Status = status,
        CreatedAt = Now.AddDays(-30),
    };

    public static HealthCheck Check(string partnerId, int daysAgo, params int[] scores) => new()
    {
        Id = $"h{daysAgo}",
        PartnerId = partnerId,
        UserId = "u1",
        Scores = Enum.GetValues<HealthQuestion>().Zip(scores).ToDictionary(x => x.First, x => x.Second),
        SubmittedAt = Now.AddDays(-daysAgo),
    };
}
