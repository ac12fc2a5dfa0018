using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartnerBot.Protocol.Activities;

/// <summary>The JSON settings of the Bot Framework wire format.</summary>
public static class ProtocolJson
{
    /// <summary>camelCase names, nulls left out, web defaults for numbers.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
