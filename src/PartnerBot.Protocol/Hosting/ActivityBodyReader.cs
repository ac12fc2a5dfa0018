using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Hosting;

/// <summary>Reads a request body as an activity, refusing oversized, non-JSON and type-less bodies.</summary>
internal static class ActivityBodyReader
{
    internal sealed record Outcome(Activity? Activity, bool TooLarge, string? Error);

    public static async Task<Outcome> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        // Count bytes ourselves: a chunked body has no Content-Length to check up front.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new Outcome(null, true, null);
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    internal static Outcome Parse(ReadOnlySpan<byte> json)
    {
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(json, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return new Outcome(null, false, "The body is not a JSON activity.");
        }

        if (activity is null)
        {
            return new Outcome(null, false, "The body is not a JSON activity.");
        }

        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return new Outcome(null, false, "The activity has no type.");
        }

        try
        {
            // Read lazily later; a field of the wrong JSON type must be the sender's 400, never our 500.
            activity.GetTeamsChannelData();
        }
        catch (JsonException)
        {
            return new Outcome(null, false, "The activity's channelData has a field of the wrong type.");
        }

        return new Outcome(activity, false, null);
    }

    /// <summary>
    /// What makes a channel activity impossible to answer, or null. Checked before the bot runs, so a
    /// reply to nowhere is a 400 for the sender rather than a failed turn.
    /// </summary>
    public static string? AddressingProblem(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "The activity has no channelId.";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
            || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return "The activity has no absolute serviceUrl.";
        }

        return string.IsNullOrWhiteSpace(activity.Conversation?.Id) ? "The activity has no conversation id." : null;
    }
}
