using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.DirectLine;
using PartnerBot.Protocol.Processing;

namespace PartnerBot.Protocol.Hosting;

/// <summary>
/// A Direct Line 3.0-compatible endpoint (polling only) for the official Web Chat in the local
/// playground. Activities posted here go through the same <see cref="IActivityProcessor"/> and bot as
/// <c>/api/messages</c>, without a channel token: map it in development only. It answers callers on this machine
/// only (<see cref="LocalCallers"/>), else 403. A missing token is 401, a token for another conversation or an
/// expired one 403, an unknown conversation 404.
/// </summary>
public static class DirectLineEndpoints
{
    /// <summary>Maps the playground's Direct Line endpoint under <paramref name="basePath"/>.</summary>
    public static IEndpointRouteBuilder MapDirectLinePlayground(this IEndpointRouteBuilder endpoints, string basePath = "/v3/directline")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // It checks no channel token, so it serves this machine only, in every environment.
        var group = endpoints.MapGroup(basePath).ForLocalCallersOnly(() => Error(403, "Forbidden", "The playground serves this machine only."));
        group.MapPost("/tokens/generate", (DirectLineStore store) => Started(store.Create()));
        group.MapPost("/tokens/refresh", RefreshToken);
        group.MapPost("/conversations", StartConversation);
        group.MapGet("/conversations/{conversationId}", ReconnectConversation);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivities);
        return endpoints;
    }

    private static IResult StartConversation(HttpContext http, DirectLineStore store)
    {
        // Without a token Web Chat gets a fresh conversation; with one, the conversation it was made for.
        if (BearerToken(http) is not { } token)
        {
            return Started(store.Create());
        }

        return store.FindByToken(token) is { } conversation ? Started(conversation) : Forbidden();
    }

    // Web Chat reconnects to a known conversation this way; the activities come from the next poll.
    private static IResult ReconnectConversation(HttpContext http, string conversationId, DirectLineStore store) =>
        Authorize(http, conversationId, store, out var conversation) ?? Started(conversation!);

    private static IResult RefreshToken(HttpContext http, DirectLineStore store)
    {
        if (BearerToken(http) is not { } token)
        {
            return Error(401, "MissingToken", "Send the conversation's token as a bearer token.");
        }

        if (store.FindByToken(token) is not { } conversation)
        {
            return Forbidden();
        }

        store.Refresh(conversation);
        return Started(conversation);
    }

    private static IResult GetActivities(HttpContext http, string conversationId, string? watermark, DirectLineStore store)
    {
        if (Authorize(http, conversationId, store, out var conversation) is { } failure)
        {
            return failure;
        }

        long from = 0;
        if (!string.IsNullOrEmpty(watermark) && (!long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out from)))
        {
            return Error(400, "BadArgument", "The watermark is not a number.");
        }

        var (activities, next) = conversation!.Since(from);
        return Results.Json(
            new DirectLineActivitySet(activities, next.ToString(CultureInfo.InvariantCulture)),
            ProtocolJson.Options);
    }

    private static async Task<IResult> PostActivityAsync(
        HttpContext http,
        string conversationId,
        DirectLineStore store,
        IActivityProcessor processor,
        IOptions<BotOptions> options,
        TimeProvider timeProvider)
    {
        if (Authorize(http, conversationId, store, out var conversation) is { } failure)
        {
            return failure;
        }

        var body = await ActivityBodyReader.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        if (body.TooLarge)
        {
            return Error(413, "MessageSizeTooBig", "The activity is too large.");
        }

        if (body.Activity is not { } activity)
        {
            return Error(400, "BadArgument", body.Error ?? "The body is not an activity.");
        }

        var bot = new ChannelAccount { Id = DirectLinePlayground.BotId, Name = options.Value.PlaygroundBotName, Role = "bot" };
        var user = activity.From is { Id.Length: > 0 } from
            ? new ChannelAccount { Id = from.Id, Name = from.Name, Role = "user" }
            : conversation!.User ?? new ChannelAccount { Id = "dl_" + conversation.Id, Role = "user" };
        Address(activity, conversation!, user, bot, options.Value, timeProvider);
        var id = conversation!.Append(activity);

        if (conversation.TrySetUser(user))
        {
            // The real Direct Line announces the user before their first message, so the bot can greet.
            var joined = new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                Id = Guid.NewGuid().ToString("N"),
                MembersAdded = [user, bot],
            };
            Address(joined, conversation, user, bot, options.Value, timeProvider);
            await processor.ProcessAsync(joined, http.RequestAborted);
        }

        await processor.ProcessAsync(activity, http.RequestAborted);
        return Results.Json(new { id });
    }

    private static void Address(Activity activity, DirectLineConversation conversation, ChannelAccount user, ChannelAccount bot, BotOptions options, TimeProvider timeProvider)
    {
        activity.Timestamp = timeProvider.GetUtcNow();
        activity.ChannelId = DirectLinePlayground.ChannelId;
        activity.ServiceUrl = DirectLinePlayground.ServiceUrl;
        activity.From = user;
        activity.Recipient = bot;
        activity.Conversation = new ConversationAccount
        {
            Id = conversation.Id,
            IsGroup = false,
            ConversationType = "personal",
            TenantId = options.PlaygroundTenantId,
        };
    }

    private static IResult? Authorize(HttpContext http, string conversationId, DirectLineStore store, out DirectLineConversation? conversation)
    {
        conversation = store.Find(conversationId);
        if (conversation is null)
        {
            return Error(404, "BadArgument", "Conversation not found.");
        }

        if (BearerToken(http) is not { } token)
        {
            return Error(401, "MissingToken", "Send the conversation's token as a bearer token.");
        }

        return store.FindByToken(token) == conversation ? null : Forbidden();
    }

    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length
            ? header["Bearer ".Length..].Trim()
            : null;
    }

    private static IResult Started(DirectLineConversation conversation) =>
        Results.Json(new DirectLineConversationStarted(
            conversation.Id,
            conversation.Token,
            (int)DirectLineStore.TokenLifetime.TotalSeconds));

    private static IResult Forbidden() => Error(403, "TokenExpired", "The token is not valid for this conversation.");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    private sealed record DirectLineConversationStarted(
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

    private sealed record DirectLineActivitySet(
        [property: System.Text.Json.Serialization.JsonPropertyName("activities")] IReadOnlyList<Activity> Activities,
        [property: System.Text.Json.Serialization.JsonPropertyName("watermark")] string Watermark);
}
