using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Cards;

namespace PartnerBot.Core.Tests.Cards;

/// <summary>Dates as people write them, on the reader's own calendar, in the zones a library is likely to be in.</summary>
public partial class DatesTests
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    [Fact]
    public void Day_IsWrittenAsPeopleWriteIt_WhateverTheServersCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("nl-NL");
            Assert.Equal("4 Dec 2026", Dates.Day(new DateOnly(2026, 12, 4)));
            Assert.Equal("4 Dec", Dates.ShortDay(new DateOnly(2026, 12, 4)));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(2026, 12, 3, "week of 30 Nov")]
    [InlineData(2026, 11, 30, "week of 30 Nov")]
    [InlineData(2026, 12, 6, "week of 30 Nov")]
    [InlineData(2027, 1, 1, "week of 28 Dec")]
    public void WeekOf_NamesTheMondayTheWeekStartsOn(int year, int month, int day, string expected) =>
        Assert.Equal(expected, Dates.WeekOf(Dates.Monday(new DateOnly(year, month, day))));

    [Fact]
    public void Relative_SaysTodayAndYesterday_ElseTheDay()
    {
        var today = new DateOnly(2026, 11, 28);
        Assert.Equal("today", Dates.Relative(today, today));
        Assert.Equal("yesterday", Dates.Relative(today.AddDays(-1), today));
        Assert.Equal("20 Nov 2026", Dates.Relative(new DateOnly(2026, 11, 20), today));
    }

    /// <summary>One instant late on a Saturday in UTC is Sunday in Amsterdam and Auckland, still Saturday in Chicago.</summary>
    [Fact]
    public void Day_OfAnInstant_IsTheReadersDay()
    {
        var instant = new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal("29 Nov 2026", Dates.Day(instant, Amsterdam));
        Assert.Equal("28 Nov 2026", Dates.Day(instant, Chicago));
        Assert.Equal("29 Nov 2026", Dates.Day(instant, Auckland));
        Assert.Equal("28 Nov 2026", Dates.Day(instant, TimeZoneInfo.Utc));
    }

    /// <summary>Chicago's clocks go forward at 02:00 on 8 Mar 2026; "today" turns over at local midnight either side.</summary>
    [Fact]
    public void Today_FollowsTheReadersMidnight_AcrossADaylightSavingChange()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 8, 5, 59, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 3, 7), Dates.Today(clock, Chicago)); // 23:59 CST
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new DateOnly(2026, 3, 8), Dates.Today(clock, Chicago)); // 00:01 CST

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 4, 59, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 3, 8), Dates.Today(clock, Chicago)); // 23:59 CDT, an hour earlier in UTC than the day before
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new DateOnly(2026, 3, 9), Dates.Today(clock, Chicago));
    }

    /// <summary>A picked day is stored as its noon in the person's zone, and reads back as the same day, across each zone's change.</summary>
    [Theory]
    [InlineData("Europe/Amsterdam", 2026, 3, 20)]
    [InlineData("America/Chicago", 2026, 3, 1)]
    [InlineData("Pacific/Auckland", 2026, 3, 28)]
    [InlineData("Pacific/Auckland", 2026, 9, 20)]
    public void NoonOf_ReadsBackAsTheSameDay_AcrossTheChange(string zoneId, int year, int month, int day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var start = new DateOnly(year, month, day);
        for (var d = start; d < start.AddDays(21); d = d.AddDays(1))
        {
            var stored = Dates.NoonOf(d, zone);
            Assert.Equal(d, Dates.LocalDay(stored, zone));
            Assert.Equal(12, TimeZoneInfo.ConvertTime(stored, zone).Hour);
        }
    }

    [Fact]
    public void NoonOf_ShiftsWithTheOffset()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 11, 0, 0, TimeSpan.Zero), Dates.NoonOf(new DateOnly(2026, 3, 28), Amsterdam)); // CET
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 10, 0, 0, TimeSpan.Zero), Dates.NoonOf(new DateOnly(2026, 3, 29), Amsterdam)); // CEST
        Assert.Equal(new DateTimeOffset(2026, 4, 3, 23, 0, 0, TimeSpan.Zero), Dates.NoonOf(new DateOnly(2026, 4, 4), Auckland)); // NZDT
        Assert.Equal(new DateTimeOffset(2026, 4, 6, 0, 0, 0, TimeSpan.Zero), Dates.NoonOf(new DateOnly(2026, 4, 6), Auckland)); // NZST
    }

    [Fact]
    public void ZoneName_ShowsTodaysOffset()
    {
        Assert.Equal("Europe/Amsterdam (UTC+01:00)", Dates.ZoneName(Amsterdam, new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("Europe/Amsterdam (UTC+02:00)", Dates.ZoneName(Amsterdam, new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("America/Chicago (UTC-06:00)", Dates.ZoneName(Chicago, new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("Pacific/Auckland (UTC+13:00)", Dates.ZoneName(Auckland, new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("UTC", Dates.ZoneName(TimeZoneInfo.Utc, new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)));
    }

    /// <summary>
    /// Every card the flows, the digest and the reminders build, with next steps, logged contacts and an agreement on
    /// them: no text a person reads holds an ISO date or week. Date inputs carry ISO values (the card format), and
    /// submit data is never shown, so those are not read.
    /// </summary>
    [Fact]
    public async Task NoCardText_ContainsAnIsoDateOrWeek()
    {
        var cards = await TypedTextInCardsTests.CardsFromTheFlowsAsync();

        var shown = cards.SelectMany(c => ShownText(c.Card).Select(t => (c.Name, Text: t))).ToList();

        Assert.Contains(shown, s => s.Text.Contains("Week of", StringComparison.Ordinal));
        Assert.Contains(shown, s => DayPattern().IsMatch(s.Text));
        Assert.Empty(shown.Where(s => IsoPattern().IsMatch(s.Text)).Select(s => $"{s.Name}: {s.Text}"));
    }

    private static IEnumerable<string> ShownText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var isInput = ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true;
                foreach (var (key, value) in o)
                {
                    if (key is "data" or "id" or "type" || (isInput && key is "value" or "min" or "max"))
                    {
                        continue;
                    }

                    foreach (var text in ShownText(value))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonArray a:
                foreach (var text in a.SelectMany(ShownText))
                {
                    yield return text;
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                yield return s;
                break;
        }
    }

    [GeneratedRegex(@"\b\d{4}-(\d{2}-\d{2}|W\d{2})\b")]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")]
    private static partial Regex DayPattern();
}
