using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Web.FollowThrough.Handlers;
using PartnerBot.Web.Hosting;
using PartnerBot.Web.PartnerPage;
using PartnerBot.Web.Tests.Edge;

namespace PartnerBot.Web.Tests.PartnerPage;

/// <summary>
/// The partner page over HTTP and real Azurite: what a partner's browser gets, and that every hostile request gets a
/// clear page with the right status and leaves the stored round exactly as it was.
/// </summary>
public sealed partial class PartnerPageEndpointTests
{
    private static readonly string Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Page_ShowsTheForm_SavesTheAnswer_ThenShowsItForEditing()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "City Museum");
        var round = await seed.RoundAsync("p-a", "r-a");
        var path = seed.PathFor(round.Value);

        using var get = await app.Http.GetAsync(path);
        var form = await get.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/html", get.Content.Headers.ContentType?.MediaType);
        Assert.True(get.Headers.CacheControl?.NoStore);
        Assert.Equal(["no-referrer"], get.Headers.GetValues("Referrer-Policy"));
        var csp = Assert.Single(get.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(EdgeSetup.PartnerPageContentSecurityPolicy, csp);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", form, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"en\">", form, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", form, StringComparison.Ordinal);
        Assert.Contains("City Museum", form, StringComparison.Ordinal);
        Assert.Contains("Riverside Library asks", form, StringComparison.Ordinal);
        Assert.Equal(PartnerRoundRules.Questions.Count, Regex.Count(form, "<legend>"));
        Assert.Equal(PartnerRoundRules.Questions.Count * 5, Regex.Count(form, "type=\"radio\""));
        Assert.Contains("Up to 2,000 characters", form, StringComparison.Ordinal);
        Assert.DoesNotContain(" checked", form, StringComparison.Ordinal);

        using var post = await PostAsync(app, path, Fields(form, ("interest", "4"), ("communication", "2"), ("progress", "5"), ("fit", "3"), ("comment", "Good year.")));
        var thanks = await post.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Thank you, your answer is saved", thanks, StringComparison.Ordinal);
        Assert.Contains("open the same link again to change your answer until", thanks, StringComparison.Ordinal);
        Assert.Contains(round.Value.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), thanks, StringComparison.Ordinal);
        var saved = (await seed.ReadAsync("p-a", "r-a")).Value.Response!;
        Assert.Equal(4, saved.Scores[HealthQuestion.PartnerInterestMet]);
        Assert.Equal(2, saved.Scores[HealthQuestion.Communication]);
        Assert.Equal("Good year.", saved.Comment);
        Assert.Null(saved.EditedAt);

        using var again = await app.Http.GetAsync(path);
        var prefilled = await again.Content.ReadAsStringAsync();

        Assert.Contains("id=\"interest-4\" name=\"interest\" value=\"4\" required checked", prefilled, StringComparison.Ordinal);
        Assert.Contains("id=\"fit-3\" name=\"fit\" value=\"3\" required checked", prefilled, StringComparison.Ordinal);
        Assert.Contains("Good year.</textarea>", prefilled, StringComparison.Ordinal);
        Assert.Contains("Save changes", prefilled, StringComparison.Ordinal);

        using var edit = await PostAsync(app, path, Fields(prefilled, ("interest", "5"), ("communication", "2"), ("progress", "5"), ("fit", "3"), ("comment", "")));

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Contains("Your changes are saved", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var edited = (await seed.ReadAsync("p-a", "r-a")).Value.Response!;
        Assert.Equal(5, edited.Scores[HealthQuestion.PartnerInterestMet]);
        Assert.Null(edited.Comment);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(saved.SubmittedAt, edited.SubmittedAt);
    }

    [Fact]
    public async Task Page_HostileRequests_GetAClearPageAndStatus_AndChangeNothing()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => o.Settings["FollowThrough:Export:SigningKey"] = Key);
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "City Museum");
        await seed.PartnerAsync("p-b", "Harbour Trust");
        var a = await seed.RoundAsync("p-a", "r-a");
        await seed.RoundAsync("p-b", "r-b");
        var path = seed.PathFor(a.Value);
        using var opened = await app.Http.GetAsync(path);
        var form = await opened.Content.ReadAsStringAsync();
        using var first = await PostAsync(app, path, Fields(form, Good()));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await seed.ReadAsync("p-a", "r-a");
        var beforeB = await seed.ReadAsync("p-b", "r-b");

        var token = seed.Links.CreateToken(seed.Workspace, a.Value);
        var tampered = token[..^3] + (token[^3] == 'A' ? "BBB" : "AAA");
        var truncated = token[..(token.Length / 2)];
        var unknownKey = Options.Create(new ExportOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
        var forged = new PartnerLinks(unknownKey, TimeProvider.System).CreateToken(seed.Workspace, a.Value);
        var export = Query(new Uri(app.Services.GetRequiredService<ExportLinks>().Create(seed.Workspace, "u-ana")));
        // A genuine link for partner A that names partner B's round: the round is read under partner A and is not there.
        var crossed = seed.Links.CreateToken(seed.Workspace, a.Value with { Id = "r-b" });
        var otherWorkspace = seed.Links.CreateToken(new WorkspaceKey(seed.Workspace.TenantId, "elsewhere"), a.Value);
        var current = await Fields(app, path);
        var stale = Fields(form, Good());

        var cases = new (string Name, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string Says)[]
        {
            ("tampered GET", () => Get(app, tampered), HttpStatusCode.Forbidden, "does not work"),
            ("truncated GET", () => Get(app, truncated), HttpStatusCode.Forbidden, "does not work"),
            ("no token", () => app.Http.GetAsync(PartnerPageEndpoint.Path), HttpStatusCode.Forbidden, "does not work"),
            ("unknown key", () => Get(app, forged), HttpStatusCode.Forbidden, "does not work"),
            ("export token", () => Get(app, export), HttpStatusCode.Forbidden, "does not work"),
            ("tampered POST", () => PostAsync(app, PartnerPageEndpoint.Path + "?token=" + Uri.EscapeDataString(tampered), With(current, ("token", tampered))), HttpStatusCode.Forbidden, "does not work"),
            ("crossed round GET", () => Get(app, crossed), HttpStatusCode.NotFound, "nothing to answer"),
            ("crossed round POST", () => PostAsync(app, PartnerPageEndpoint.Path + "?token=" + Uri.EscapeDataString(crossed), With(current, ("token", crossed))), HttpStatusCode.NotFound, "nothing to answer"),
            ("other workspace", () => Get(app, otherWorkspace), HttpStatusCode.NotFound, "nothing to answer"),
            ("query and form disagree", () => PostAsync(app, path, With(current, ("token", crossed))), HttpStatusCode.BadRequest, "could not be read"),
            ("stale version", () => PostAsync(app, path, stale), HttpStatusCode.Conflict, "changed in the meantime"),
            ("missing score", () => PostAsync(app, path, Without(current, "fit")), HttpStatusCode.BadRequest, "answer every question"),
            ("score out of range", () => PostAsync(app, path, With(current, ("fit", "6"))), HttpStatusCode.BadRequest, "answer every question"),
            ("score not a number", () => PostAsync(app, path, With(current, ("fit", "<script>"))), HttpStatusCode.BadRequest, "answer every question"),
            ("score twice", () => PostAsync(app, path, [.. current, ("fit", "1")]), HttpStatusCode.BadRequest, "answer every question"),
            ("comment too long", () => PostAsync(app, path, With(current, ("comment", new string('<', PartnerRoundRules.CommentMaxLength + 1)))), HttpStatusCode.BadRequest, "the limit is 2,000"),
            ("body too large", () => PostAsync(app, path, With(current, ("comment", new string('x', PartnerPageEndpoint.MaxBodyBytes)))), HttpStatusCode.RequestEntityTooLarge, "too much"),
            ("json", () => app.Http.PostAsync(path, new StringContent("{\"fit\":5}", Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType, "only takes its own form"),
            ("multipart", () => app.Http.PostAsync(path, new MultipartFormDataContent { { new StringContent("5"), "fit" } }), HttpStatusCode.UnsupportedMediaType, "only takes its own form"),
        };
        foreach (var (name, send, status, says) in cases)
        {
            using var response = await send();
            var page = await response.Content.ReadAsStringAsync();

            Assert.True(status == response.StatusCode, $"{name}: {response.StatusCode}\n{page}");
            Assert.True(page.Contains(says, StringComparison.Ordinal), $"{name}: {page}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoStore, name);
            Assert.DoesNotContain("Harbour Trust", page, StringComparison.Ordinal);
            var after = await seed.ReadAsync("p-a", "r-a");
            Assert.True(before.ETag == after.ETag, $"{name} changed the round");
            Assert.Equal(beforeB.ETag, (await seed.ReadAsync("p-b", "r-b")).ETag);
        }

        // A partner link never opens an export either.
        using var asExport = await app.Http.GetAsync(ExportEndpoint.Path + "?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Forbidden, asExport.StatusCode);
    }

    [Fact]
    public async Task Page_ExpiredOrRevokedRound_IsGone_AndTakesNoAnswer()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "City Museum");
        var open = await seed.RoundAsync("p-a", "r-open");
        var expired = await seed.RoundAsync("p-a", "r-expired", lifetime: TimeSpan.FromHours(-1));
        var revoked = await seed.RoundAsync("p-a", "r-revoked", revoked: true);
        var fields = await Fields(app, seed.PathFor(open.Value));

        foreach (var (round, says) in new[] { (expired, "expired"), (revoked, "withdrawn") })
        {
            var path = seed.PathFor(round.Value);
            using var get = await app.Http.GetAsync(path);
            using var post = await PostAsync(app, path, With(fields, ("token", Query(path)), ("version", round.ETag)));

            Assert.Equal(HttpStatusCode.Gone, get.StatusCode);
            Assert.Contains(says, await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
            Assert.Equal(round.ETag, (await seed.ReadAsync("p-a", round.Value.Id)).ETag);
        }
    }

    [Fact]
    public async Task Page_ScriptedComment_IsStoredLiterally_AndShownEncoded()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "<b>Museum</b> & \"Friends\"");
        var round = await seed.RoundAsync("p-a", "r-a");
        var path = seed.PathFor(round.Value);
        const string Comment = "<script>alert(1)</script>\n<img src=x onerror=alert(2)> & \"done\"";

        var fields = await Fields(app, path);
        using var post = await PostAsync(app, path, With(fields, Good().Append(("comment", Comment)).ToArray()));
        var thanks = await post.Content.ReadAsStringAsync();
        using var again = await app.Http.GetAsync(path);
        var form = await again.Content.ReadAsStringAsync();

        Assert.Equal(Comment, (await seed.ReadAsync("p-a", "r-a")).Value.Response!.Comment);
        foreach (var page in new[] { thanks, form })
        {
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;b&gt;Museum&lt;/b&gt; &amp; &quot;Friends&quot;", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_SignedWithThePreviousKey_Opens_OneWithAnUnknownKeyDoesNot()
    {
        var previous = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var app = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["FollowThrough:Export:SigningKey"] = Key;
            o.Settings["FollowThrough:Export:PreviousSigningKey"] = previous;
        });
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "City Museum");
        var round = await seed.RoundAsync("p-a", "r-a");
        PartnerLinks SignedWith(string key) => new(Options.Create(new ExportOptions { SigningKey = key }), TimeProvider.System);

        using var old = await Get(app, SignedWith(previous).CreateToken(seed.Workspace, round.Value));
        using var unknown = await Get(app, SignedWith(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).CreateToken(seed.Workspace, round.Value));

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }

    [Fact]
    public async Task RateLimit_BurstOnOneLink_Gets429WithRetryAfter_AnotherLinkStillOpens()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => EdgeRequests.Apply(o, EdgeRequests.Limits(("PartnerPagePerLink", 2))));
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "City Museum");
        await seed.PartnerAsync("p-b", "Harbour Trust");
        var path = seed.PathFor((await seed.RoundAsync("p-a", "r-a")).Value);
        var other = seed.PathFor((await seed.RoundAsync("p-b", "r-b")).Value);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var ok = await app.Http.GetAsync(path);
            statuses.Add(ok.StatusCode);
        }

        using var limited = await app.Http.GetAsync(path);
        using var otherLink = await app.Http.GetAsync(other);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("try again in", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherLink.StatusCode);
    }

    [Fact]
    public async Task RateLimit_OneClientTryingManyTokens_Gets429_AnotherClientDoesNot()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => EdgeRequests.Apply(o, EdgeRequests.Limits(("PartnerPagePerClient", 3))));
        var guesser = IPAddress.Parse("203.0.113.9");

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            refused.Add((await EdgeRequests.SendAsync(app, "GET", PartnerPageEndpoint.Path + "?token=guess" + i, guesser)).Status);
        }

        var limited = await EdgeRequests.SendAsync(app, "GET", PartnerPageEndpoint.Path + "?token=guess-more", guesser);
        var posted = await EdgeRequests.SendAsync(app, "POST", PartnerPageEndpoint.Path + "?token=guess-post", guesser);
        var someoneElse = await EdgeRequests.SendAsync(app, "GET", PartnerPageEndpoint.Path + "?token=x", IPAddress.Parse("198.51.100.4"));

        Assert.All(refused, s => Assert.Equal(HttpStatusCode.Forbidden, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.InRange(limited.RetryAfterSeconds, 1, 3600);
        Assert.Contains("Too many requests", limited.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, posted.Status);
        Assert.Equal(HttpStatusCode.Forbidden, someoneElse.Status);
    }

    [Theory]
    [InlineData("PartnerPagePerLink", "0")]
    [InlineData("PartnerPagePerClient", "-1")]
    public async Task RateLimit_PartnerPageLimitOutOfRange_RefusesToStart(string key, string value)
    {
        var error = await PartnerBotFactory.StartupErrorAsync(o => o.Settings["Edge:RateLimits:" + key] = value);

        Assert.NotNull(error);
        Assert.Contains("Edge:RateLimits:" + key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_StorageHangs_Answers503TryAgain_WithinTheDeadline_AndWorksAfterwards()
    {
        await using var azurite = await AzuriteServer.StartPrivateAsync();
        await using var app = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
        });
        var seed = await PartnerRoundSeed.CreateAsync(app);
        await seed.PartnerAsync("p-a", "City Museum");
        var round = await seed.RoundAsync("p-a", "r-a");
        var path = seed.PathFor(round.Value);
        var fields = await Fields(app, path);

        azurite.Freeze();
        HttpResponseMessage get;
        HttpResponseMessage post;
        try
        {
            // Bounded well above the page's own deadline: a hang here fails the test instead of stalling it.
            get = await app.Http.GetAsync(path).WaitAsync(PartnerPageEndpoint.Deadline * 4);
            post = await PostAsync(app, path, With(fields, Good())).WaitAsync(PartnerPageEndpoint.Deadline * 4);
        }
        finally
        {
            azurite.Thaw();
        }

        using (get)
        using (post)
        {
            foreach (var response in new[] { get, post })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.Contains("try again in a minute", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Null((await seed.ReadAsync("p-a", "r-a")).Value.Response);
        using var saved = await PostAsync(app, path, With(fields, Good()));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private static (string, string)[] Good() => [("interest", "4"), ("communication", "3"), ("progress", "5"), ("fit", "2")];

    private static Task<HttpResponseMessage> Get(PartnerBotFactory app, string token) =>
        app.Http.GetAsync(PartnerPageEndpoint.Path + "?token=" + Uri.EscapeDataString(token));

    private static Task<HttpResponseMessage> PostAsync(PartnerBotFactory app, string path, IEnumerable<(string Name, string Value)> fields) =>
        app.Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    /// <summary>The hidden fields of a page's form, with these answers.</summary>
    private static (string, string)[] Fields(string page, params (string, string)[] answers) =>
        [("token", Hidden(page, "token")), ("version", Hidden(page, "version")), .. answers];

    /// <summary>The hidden fields of the page as it shows now, with good answers.</summary>
    private static async Task<(string, string)[]> Fields(PartnerBotFactory app, string path)
    {
        using var response = await app.Http.GetAsync(path);
        return Fields(await response.Content.ReadAsStringAsync(), Good());
    }

    private static (string, string)[] With((string Name, string Value)[] fields, params (string Name, string Value)[] replaced) =>
        [.. fields.Where(f => !replaced.Any(r => r.Name == f.Name)), .. replaced];

    private static (string, string)[] Without((string Name, string Value)[] fields, string name) => [.. fields.Where(f => f.Name != name)];

    private static string Hidden(string page, string name)
    {
        var match = Regex.Match(page, $"name=\"{name}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"No hidden field {name} in:\n{page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string Query(Uri url) => Query(url.PathAndQuery);

    private static string Query(string pathAndQuery) => Uri.UnescapeDataString(pathAndQuery[(pathAndQuery.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
}
