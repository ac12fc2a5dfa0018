using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Connector;

/// <summary>Reading a team's roster through <c>pagedmembers</c> with the real HTTP client over a fake handler.</summary>
public sealed class RosterPagingTests
{
    private const string Teams = "https://smba.trafficmanager.net/emea/";
    private const string Team = "19:Kx2u7VtV3ZLTC7Uu@thread.tacv2";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    [Fact]
    public async Task List_FollowsContinuationTokens_ToTheLastPage_WithTokenOnEveryPage()
    {
        var handler = new StubHttpHandler((request, _) => Page(request, total: 250));
        var client = Build(handler);

        var listing = await RosterPaging.ListAsync(client, Teams, Team, new RosterLimits(500, 100, TimeSpan.FromSeconds(5)), TimeProvider.System, CancellationToken.None);

        Assert.Equal(250, listing.Members.Count);
        Assert.False(listing.Truncated);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"29:m{i}"), listing.Members.Select(m => m.Id));
        var requests = handler.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("/emea/v3/conversations/19%3AKx2u7VtV3ZLTC7Uu%40thread.tacv2/pagedmembers", r.Uri.AbsolutePath));
        Assert.All(requests, r => Assert.Equal("Bearer outbound-token", r.Authorization));
        Assert.Equal([null, "page+100", "page+200"], requests.Select(r => HttpUtility.ParseQueryString(r.Uri.Query)["continuationToken"]));
        Assert.Contains("continuationToken=page%2B100", requests[1].Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_StopsAtTheCap_AsksOnlyForWhatIsLeft_AndSaysItIsTruncated()
    {
        var handler = new StubHttpHandler((request, _) => Page(request, total: 1000));
        var client = Build(handler);

        var listing = await RosterPaging.ListAsync(client, Teams, Team, new RosterLimits(250, 100, TimeSpan.FromSeconds(5)), TimeProvider.System, CancellationToken.None);

        Assert.Equal(250, listing.Members.Count);
        Assert.True(listing.Truncated);
        Assert.Equal(["100", "100", "50"], handler.Requests.Select(r => HttpUtility.ParseQueryString(r.Uri.Query)["pageSize"]));
    }

    [Fact]
    public async Task List_PageSizeAboveTeamsMaximum_AsksFor500()
    {
        var handler = new StubHttpHandler((request, _) => Page(request, total: 3));
        var client = Build(handler);

        await RosterPaging.ListAsync(client, Teams, Team, new RosterLimits(5000, 2000, TimeSpan.FromSeconds(5)), TimeProvider.System, CancellationToken.None);

        Assert.Equal("500", HttpUtility.ParseQueryString(Assert.Single(handler.Requests).Uri.Query)["pageSize"]);
    }

    [Fact]
    public async Task List_ConnectorRepeatsAToken_StopsInsteadOfGoingRoundInCircles()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, """{"members":[{"id":"29:a","aadObjectId":"a"}],"continuationToken":"same"}"""));
        var client = Build(handler);

        var listing = await RosterPaging.ListAsync(client, Teams, Team, new RosterLimits(500, 100, TimeSpan.FromSeconds(5)), TimeProvider.System, CancellationToken.None);

        Assert.True(listing.Truncated);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetPagedMembers_ReadsEveryTeamsChannelAccountField_AndKeepsUnknownOnes()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, $$"""
            {"members":[{"id":"29:1ada","name":"Ada Lovelace","aadObjectId":"6b2c6d8e-0000-4000-8000-00000000ada1","email":"ada@library.example",
              "userPrincipalName":"ada@library.example","userRole":"user","tenantId":"{{Tenant}}","givenName":"Ada","surname":"Lovelace"}]}
            """));
        var client = Build(handler);

        var page = await client.GetPagedMembersAsync(Teams, Team, 50, null, CancellationToken.None);

        var ada = Assert.Single(page.Members);
        Assert.Null(page.ContinuationToken);
        Assert.Equal(
            ("29:1ada", "Ada Lovelace", "6b2c6d8e-0000-4000-8000-00000000ada1", "ada@library.example", "ada@library.example", "user", Tenant),
            (ada.Id, ada.Name, ada.AadObjectId, ada.Email, ada.UserPrincipalName, ada.UserRole, ada.TenantId));
        Assert.Equal("Ada", ada.ExtensionData?["givenName"].GetString());
    }

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/")]
    [InlineData("http://smba.trafficmanager.net/emea/")]
    public async Task GetPagedMembers_UntrustedServiceUrl_SendsNothingAtAll(string serviceUrl)
    {
        var handler = new StubHttpHandler((request, _) => Page(request, total: 3));
        var client = Build(handler);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            RosterPaging.ListAsync(client, serviceUrl, Team, RosterLimits.Default, TimeProvider.System, CancellationToken.None));

        Assert.Equal(ConnectorException.UntrustedServiceUrl, error.ErrorCode);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetPagedMembers_Forbidden_NotRetried_AndSurfacesTheErrorCode()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.Forbidden, """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}"""));
        var client = Build(handler);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.GetPagedMembersAsync(Teams, Team, 100, null, CancellationToken.None));

        Assert.Equal(("BotNotInConversationRoster", HttpStatusCode.Forbidden), (error.ErrorCode, error.StatusCode));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task List_NoAnswerWithinTheDeadline_ThrowsRosterDeadline_AndTheCallerIsNotCancelled()
    {
        var clock = new ManualClock();
        var handler = new HangingHandler();
        var client = Build(handler);

        var listing = RosterPaging.ListAsync(client, Teams, Team, new RosterLimits(500, 100, TimeSpan.FromSeconds(5)), clock, CancellationToken.None);
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(listing.IsCompleted);
        clock.Fire();

        var error = await Assert.ThrowsAsync<ConnectorException>(() => listing.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((ConnectorException.RosterDeadline, HttpStatusCode.GatewayTimeout), (error.ErrorCode, error.StatusCode));
        Assert.Equal([TimeSpan.FromSeconds(5)], clock.Asked);
    }

    [Fact]
    public void TenantStaff_LeavesOutGuestsAnonymousOtherTenantsAndTheBot_AndKeepsEachObjectIdOnce()
    {
        ConversationMember M(string id, string? aad, string? role = "user", string? tenant = Tenant) =>
            new() { Id = id, Name = id, AadObjectId = aad, UserRole = role, TenantId = tenant };
        var members = new[]
        {
            M("29:ada", "AAA"),
            M("29:gus", "GGG", role: "guest"),
            M("29:anon", "NNN", role: "anonymous"),
            M("29:olga", "OOO", tenant: "another-tenant"),
            M("28:partnerbot", "BBB"),
            M("29:bot-by-id", "BBC"),
            M("29:noaad", null),
            M("29:ada-again", "aaa"),
            M("29:ben", "BEN", role: null, tenant: null),
        };

        var staff = RosterPaging.TenantStaff(members, Tenant, botId: "29:bot-by-id");

        Assert.Equal(["29:ada", "29:ben"], staff.Select(m => m.Id));
    }

    private static HttpResponseMessage Page(HttpRequestMessage request, int total)
    {
        var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var size = int.Parse(query["pageSize"]!, System.Globalization.CultureInfo.InvariantCulture);
        var start = query["continuationToken"] is { } token ? int.Parse(token["page ".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var members = new JsonArray();
        for (var i = start; i < Math.Min(total, start + size); i++)
        {
            members.Add(new JsonObject { ["id"] = $"29:m{i}", ["name"] = $"Member {i}", ["aadObjectId"] = $"aad-{i}", ["userRole"] = "user", ["tenantId"] = Tenant });
        }

        var body = new JsonObject { ["members"] = members };
        if (start + size < total)
        {
            // A token with a character that must be escaped in the query, as Teams' base64 tokens have.
            body["continuationToken"] = $"page+{start + size}";
        }

        return Json(HttpStatusCode.OK, body.ToJsonString());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static IConnectorClient Build(HttpMessageHandler handler)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotFrameworkProtocol(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(new InstantTimeProvider());
        services.AddSingleton<IBotTokenProvider>(new FixedTokenProvider());
        services.AddHttpClient(BotHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<IConnectorClient>();
    }

    private sealed class FixedTokenProvider : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("outbound-token");
    }

    /// <summary>Never answers; only the caller's cancellation ends the request.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("Unreachable.");
        }
    }

    /// <summary>A clock whose timers fire only when the test says so, recording what they were set for.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> timers = [];

        public List<TimeSpan> Asked { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (timers)
            {
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Asked.Add(dueTime);
                    timers.Add((callback, state));
                }
            }

            return new Timer();
        }

        public void Fire()
        {
            List<(TimerCallback Callback, object? State)> due;
            lock (timers)
            {
                due = [.. timers];
                timers.Clear();
            }

            foreach (var (callback, state) in due)
            {
                callback(state);
            }
        }

        private sealed class Timer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
