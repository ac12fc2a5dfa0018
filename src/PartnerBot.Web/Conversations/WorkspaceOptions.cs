using System.Globalization;
using Microsoft.Extensions.Options;

namespace PartnerBot.Web.Conversations;

/// <summary>Who runs the library's workspace. Section <c>Workspace</c>.</summary>
public sealed class WorkspaceOptions
{
    public const string SectionName = "Workspace";

    /// <summary>
    /// Entra object ids of people who are always admins of their own tenant's workspace and cannot be demoted in the
    /// bot: how whoever runs PartnerBot corrects a wrong first admin.
    /// </summary>
    public IList<string> AdminObjectIds { get; set; } = [];
}

/// <summary>A mistyped id would silently make nobody an admin, so refuse to start and name the entry at fault.</summary>
internal sealed class WorkspaceOptionsValidator : IValidateOptions<WorkspaceOptions>
{
    /// <summary>A GUID is 36 characters, 38 in braces; anything much longer is not an object id.</summary>
    private const int MaxIdLength = 64;

    public ValidateOptionsResult Validate(string? name, WorkspaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.AdminObjectIds.Count; i++)
        {
            var id = options.AdminObjectIds[i];
            var setting = string.Create(CultureInfo.InvariantCulture, $"Workspace:AdminObjectIds:{i} (env Workspace__AdminObjectIds__{i})");
            if (string.IsNullOrWhiteSpace(id))
            {
                failures.Add($"{setting} is empty; give an Entra object id or remove the entry.");
            }
            else if (id.Trim().Length > MaxIdLength || !Guid.TryParse(id.Trim(), out _))
            {
                failures.Add($"{setting} must be an Entra object id, a GUID such as 00000000-0000-0000-0000-000000000000; not a name or an e-mail address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
