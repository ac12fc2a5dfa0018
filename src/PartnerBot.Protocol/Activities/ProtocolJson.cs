using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartnerBot.Protocol.Activities;

/// <summary>The JSON settings of the Bot Framework wire format.</summary>
public static class ProtocolJson
{
    /// <summary>camelCase names, nulls left out, web defaults for numbers, UTC times written with <c>Z</c> as channels do.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ChannelDateTimeOffsetConverter() },
    };

    /// <summary>Writes UTC as <c>…Z</c> (not <c>+00:00</c>) so an activity round-trips as Teams wrote it.</summary>
    private sealed class ChannelDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            if (value.Offset == TimeSpan.Zero)
            {
                writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }
    }
}
