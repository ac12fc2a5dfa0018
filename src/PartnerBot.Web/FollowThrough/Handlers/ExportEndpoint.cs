using System.Globalization;
using System.Text;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>GET <c>/api/followthrough/export?token=…</c>: the pipeline as CSV for the manager a signed link names.</summary>
public static class ExportEndpoint
{
    public const string Path = "/api/followthrough/export";

    /// <summary>How long reading the pipeline may take before the request gives up.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // The signed token is the whole authorisation: it names the workspace and a manager, and expires in minutes.
    public static async Task<IResult> HandleAsync(string? token, ExportLinks links, TimeProvider time, IServiceProvider services, HttpResponse response, CancellationToken cancellationToken)
    {
        // The link carries a token and the file a library's pipeline: neither may stay in a browser's or a proxy's cache,
        // and a refusal must not be cached either, or a fresh link could show an old answer.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        if (links.Verify(token) is not { } who)
        {
            return Refuse("This export link is not valid or has expired. Type 'export' in the chat for a new one.", response);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            return await ExportAsync(who.Workspace, who.UserId, time, services, response, deadline.Token);
        }
        catch (Exception e) when (ExportUnavailable.Is(e, cancellationToken, deadline.Token))
        {
            return ExportUnavailable.Answer(response, $"Try the link again in a minute; it works for {ExportLinks.Lifetime.TotalMinutes:0} minutes after you asked for it.");
        }
    }

    private static async Task<IResult> ExportAsync(WorkspaceKey workspace, string userId, TimeProvider time, IServiceProvider services, HttpResponse response, CancellationToken cancellationToken)
    {
        var members = services.GetRequiredService<IMemberStore>();
        var me = await members.GetAsync(workspace, userId, cancellationToken);
        if (me is null || me.Value.Role == WorkspaceRole.Staff)
        {
            return Refuse("Only managers can export the pipeline.", response);
        }

        // The pipeline with every partner's history in one partition query, as the digest reads it.
        var pipeline = await services.GetRequiredService<IPipelineStore>().ReadAsync(workspace, cancellationToken);
        var needs = await services.GetRequiredService<INeedsAssessmentStore>().ListAsync(workspace, cancellationToken);
        var names = (await members.ListAsync(workspace, cancellationToken)).ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal);
        // Archived partners are out of the export as they are out of the digest; erased ones no longer exist.
        var csv = PipelineCsv.Write(PartnerRules.InPlay(pipeline.Partners), pipeline.Histories, needs, names);
        var day = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The byte-order mark makes Excel read the file as UTF-8, so names with accents survive.
        return Results.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"partner-pipeline-{day}.csv");
    }

    private static IResult Refuse(string message, HttpResponse response)
    {
        response.Headers.ContentDisposition = "inline";
        return Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
    }
}
