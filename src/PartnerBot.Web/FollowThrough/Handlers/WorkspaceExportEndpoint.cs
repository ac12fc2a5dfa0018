using System.Globalization;
using System.IO.Compression;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// GET <c>/api/workspace/export?token=…</c>: everything the workspace holds, one JSON file per kind of row in a zip,
/// for the admin a signed workspace-export link names.
/// </summary>
public static class WorkspaceExportEndpoint
{
    public const string Path = ExportLinks.WorkspacePath;

    /// <summary>How long reading the whole workspace may take before the request gives up.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // The signed token is the whole authorisation: it names this kind of export, the workspace and an admin, and expires in minutes.
    public static async Task<IResult> HandleAsync(string? token, ExportLinks links, TimeProvider time, IServiceProvider services, HttpResponse response, CancellationToken cancellationToken)
    {
        // The file holds a library's every record and the link a token: neither may stay in a cache, nor may a refusal.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        var check = links.Check(token, ExportKind.Workspace);
        switch (check.Status)
        {
            case ExportLinkStatus.Expired:
                return Refuse("This export link has expired. Type 'export workspace' in the chat for a new one.", StatusCodes.Status410Gone, response);
            case ExportLinkStatus.OtherKind:
                return Refuse("This link is for another export, not the workspace export. Type 'export workspace' in the chat for a link to it.", StatusCodes.Status403Forbidden, response);
            case not ExportLinkStatus.Valid:
                return Refuse("This export link is not valid. Type 'export workspace' in the chat for a new one.", StatusCodes.Status403Forbidden, response);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            return await ExportAsync(check.Workspace!, check.UserId!, time, services, response, deadline.Token);
        }
        catch (Exception e) when (ExportUnavailable.Is(e, cancellationToken, deadline.Token))
        {
            return ExportUnavailable.Answer(response, $"Try the link again in a minute; it works for {ExportLinks.Lifetime.TotalMinutes:0} minutes after you asked for it.");
        }
    }

    private static async Task<IResult> ExportAsync(WorkspaceKey workspace, string userId, TimeProvider time, IServiceProvider services, HttpResponse response, CancellationToken cancellationToken)
    {
        var me = await services.GetRequiredService<IMemberStore>().GetAsync(workspace, userId, cancellationToken);
        if (me is null || me.Value.Role != WorkspaceRole.Admin)
        {
            return Refuse("Only workspace admins can export the whole workspace.", StatusCodes.Status403Forbidden, response);
        }

        var files = await services.GetRequiredService<IWorkspaceExportStore>().ReadAllAsync(workspace, cancellationToken);
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = archive.CreateEntry(file.Name, CompressionLevel.Optimal);
                await using var stream = entry.Open();
                await System.Text.Json.JsonSerializer.SerializeAsync(stream, file.Rows, WriteIndented, cancellationToken);
            }
        }

        var day = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Results.File(zip.ToArray(), "application/zip", $"partnerbot-workspace-{day}.zip");
    }

    private static readonly System.Text.Json.JsonSerializerOptions WriteIndented = new() { WriteIndented = true };

    private static IResult Refuse(string message, int status, HttpResponse response)
    {
        response.Headers.ContentDisposition = "inline";
        return Results.Text(message, "text/plain; charset=utf-8", statusCode: status);
    }
}

/// <summary><c>export workspace</c>: a short-lived link to everything the workspace holds, for admins.</summary>
public sealed class WorkspaceExportCommand(ExportLinks links) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.ExportWorkspace;

    public Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Caller.Role != WorkspaceRole.Admin)
        {
            return Task.FromResult(Replies.Refuse("The workspace export is for workspace admins. Managers can type 'export' for the pipeline as CSV."));
        }

        var url = links.Create(ExportKind.Workspace, request.Caller.Workspace, request.Caller.User.UserId);
        var card = new AdaptiveCard
        {
            FallbackText = $"Download everything the workspace holds: {url}",
            Body =
            {
                new TextBlock("Workspace export") { Weight = TextWeight.Bolder },
                new TextBlock("A zip with one JSON file per kind of record: the workspace, members, partners, needs assessments, screenings, assessments, next steps, logged contacts, health checks, settings and more.") { Wrap = true },
                new TextBlock($"The link works for {ExportLinks.Lifetime.TotalMinutes:0} minutes, only for you, and holds people's names: keep the file safe.") { IsSubtle = true, Wrap = true },
            },
            Actions = { new OpenUrlAction { Title = "Download zip", Url = url } },
        };
        return Task.FromResult<IReadOnlyList<BotReply>>([BotReply.Show(card)]);
    }
}
