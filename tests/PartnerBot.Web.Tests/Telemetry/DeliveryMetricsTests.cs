using System.Diagnostics.Metrics;
using System.Net;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.Hosting;
using PartnerBot.Web.Tests.FollowThrough;

namespace PartnerBot.Web.Tests.Telemetry;

/// <summary>The follow-through metrics, read with a listener on the meter <c>PartnerBot</c>; alone, so counts are exact.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class DeliveryMetricsTests
{
    [Fact]
    public async Task ADrain_CountsTheDigestAndNudgeSent_AndTheMessageThatEndedFailed_ByKind()
    {
        using var meter = new ProductMeter();
        await using var h = await DeliveryHarness.StartAsync();
        var people = h.AddPeople(3, 1);
        var messenger = h.NewMessenger();
        await messenger.SendAsync(people[0].Workspace, people[0].UserId, DeliveryHarness.Card("Your digest"), $"digest|{people[0].Workspace}|{people[0].UserId}|2026-W48", default);
        await messenger.SendAsync(people[1].Workspace, people[1].UserId, DeliveryHarness.Card("Nudge"), $"nudge|{people[1].UserId}|k|1", default);
        h.Connector.Refuse["a:conv-2"] = HttpStatusCode.BadRequest;
        await messenger.SendAsync(people[2].Workspace, people[2].UserId, DeliveryHarness.Card("Next step"), $"prompt|{people[2].UserId}|s|1", default);

        var result = await h.NewDispatcher("metrics").DrainAsync(CancellationToken.None);

        Assert.Equal((2, 1), (result.Sent, result.Failed));
        Assert.Equal(1, meter.Sum("partnerbot.digests.sent"));
        Assert.Equal(1, meter.Sum("partnerbot.nudges.sent"));
        Assert.Equal(1, meter.Sum("partnerbot.outbox.failed", ("kind", "prompt")));
        Assert.Equal(1, meter.Sum("partnerbot.outbox.failed"));
        // The last pass found nothing due.
        Assert.Equal(0, meter.Observe("partnerbot.outbox.due"));
    }

    [Fact]
    public void TheGauges_ReportTheLastPass_CountingAnExpiredClaimFromWhenItEnded()
    {
        using var meter = new ProductMeter();
        var now = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        Stored<OutboxMessage>[] due =
        [
            new(Message("digest|a", now.AddSeconds(-30)), "e1"),
            new(Message("nudge|b", now.AddMinutes(-10)) with { Status = OutboxStatus.Sending, ClaimedUntil = now.AddSeconds(-90) }, "e2"),
            new(Message("prompt|c", now.AddSeconds(-5)), "e3"),
        ];

        PartnerBotMetrics.OutboxPass(due, now);

        Assert.Equal(3, meter.Observe("partnerbot.outbox.due"));
        Assert.Equal(90, meter.Observe("partnerbot.outbox.oldest_due_age"));

        PartnerBotMetrics.OutboxPass([], now);

        Assert.Equal(0, meter.Observe("partnerbot.outbox.due"));
        Assert.Equal(0, meter.Observe("partnerbot.outbox.oldest_due_age"));
    }

    private static OutboxMessage Message(string key, DateTimeOffset dueAt) => new()
    {
        Key = key,
        Workspace = WorkspaceKey.DefaultFor("tenant-g"),
        RecipientUserId = "user",
        PayloadJson = "[]",
        NextAttemptAt = dueAt,
        CreatedAt = dueAt,
    };

    /// <summary>Every measurement of the meter <c>PartnerBot</c> while it lives.</summary>
    private sealed class ProductMeter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly List<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> measurements = [];

        public ProductMeter()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PartnerBotMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
            listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
            listener.Start();
        }

        public double Sum(string name, params (string Key, string Value)[] tags)
        {
            lock (measurements)
            {
                return measurements.Where(m => m.Name == name && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value, t.Value)))).Sum(m => m.Value);
            }
        }

        /// <summary>Reads an observable gauge now.</summary>
        public double Observe(string name)
        {
            lock (measurements)
            {
                measurements.RemoveAll(m => m.Name == name);
            }

            listener.RecordObservableInstruments();
            lock (measurements)
            {
                return Assert.Single(measurements, m => m.Name == name).Value;
            }
        }

        public void Dispose() => listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = tags.ToArray();
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, copy));
            }
        }
    }
}
