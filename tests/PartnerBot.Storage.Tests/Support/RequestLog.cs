using Azure.Core;
using Azure.Core.Pipeline;

namespace PartnerBot.Storage.Tests.Support;

/// <summary>Counts the Table service requests (transactions) a piece of code makes, with their method and URI.</summary>
public sealed class RequestLog : HttpPipelineSynchronousPolicy
{
    private readonly List<(string Method, string Uri)> requests = [];

    public IReadOnlyList<(string Method, string Uri)> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public void Clear()
    {
        lock (requests)
        {
            requests.Clear();
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        lock (requests)
        {
            requests.Add((message.Request.Method.ToString(), Uri.UnescapeDataString(message.Request.Uri.ToString())));
        }
    }
}
