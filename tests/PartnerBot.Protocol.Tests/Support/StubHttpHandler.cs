using System.Collections.Concurrent;

namespace PartnerBot.Protocol.Tests.Support;

/// <summary>An HTTP handler that answers from a function and records every request it saw.</summary>
public sealed class StubHttpHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int count;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        return respond(request, Interlocked.Increment(ref count));
    }
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body);
