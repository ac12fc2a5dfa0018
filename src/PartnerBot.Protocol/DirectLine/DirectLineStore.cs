using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.DirectLine;

/// <summary>The playground's conversations, in memory and bounded: the oldest is dropped beyond the limit.</summary>
internal sealed class DirectLineStore(IOptions<BotOptions> options, TimeProvider timeProvider)
{
    internal static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DirectLineConversation> conversations = new(StringComparer.Ordinal);

    public DirectLineConversation Create()
    {
        var now = timeProvider.GetUtcNow();
        var conversation = new DirectLineConversation(RandomId(16), RandomId(32), now, options.Value.PlaygroundMaxActivities)
        {
            TokenExpiresAt = now + TokenLifetime,
        };
        conversations[conversation.Id] = conversation;

        var excess = conversations.Count - options.Value.PlaygroundMaxConversations;
        if (excess > 0)
        {
            foreach (var old in conversations.Values.OrderBy(c => c.CreatedAt).Take(excess))
            {
                conversations.TryRemove(old.Id, out _);
            }
        }

        return conversation;
    }

    public DirectLineConversation? Find(string conversationId) => conversations.GetValueOrDefault(conversationId);

    /// <summary>The conversation this token belongs to, if the token is known and not expired.</summary>
    public DirectLineConversation? FindByToken(string token)
    {
        var now = timeProvider.GetUtcNow();
        // Fixed-time comparison: the token is the only secret guarding a conversation.
        return conversations.Values.FirstOrDefault(c =>
            c.TokenExpiresAt > now
            && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(c.Token),
                System.Text.Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>The latest conversation of a user, for proactive messages.</summary>
    public DirectLineConversation? FindByUser(string userId) =>
        conversations.Values.Where(c => c.User?.Id == userId).OrderByDescending(c => c.CreatedAt).FirstOrDefault();

    public void Refresh(DirectLineConversation conversation) =>
        conversation.TokenExpiresAt = timeProvider.GetUtcNow() + TokenLifetime;

    private static string RandomId(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
