using System.Text.Json.Nodes;

namespace PartnerBot.Protocol.Bots;

/// <summary>The answer to an invoke activity: an HTTP status and an optional JSON body.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The JSON body, if any.</param>
public sealed record InvokeResponse(int Status, JsonNode? Body = null);
