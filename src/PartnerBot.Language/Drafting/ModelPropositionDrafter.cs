using Microsoft.Extensions.Logging;
using PartnerBot.Core.Propositions;
using PartnerBot.Language.Model;

namespace PartnerBot.Language.Drafting;

/// <summary>A model-written proposition from the same workspace data the template uses; the template when the model cannot help.</summary>
public sealed class ModelPropositionDrafter(LanguageModel model, TemplatePropositionDrafter fallback, ILogger<ModelPropositionDrafter> logger) : IPropositionDrafter
{
    private const string Purpose = "proposition draft";

    public const int MinLength = 80;

    public const int MaxLength = 4000;

    public const string Instructions =
        "You draft a first message from a public library to a potential partner organisation, for a library staff member to edit and send. " +
        PromptData.Rule + " " +
        "Write plain text under 250 words: greet the partner by name; say what the library is working on and for whom; " +
        "say what the library hopes the partner could contribute, from the needs; say what the library offers in return, from the offers; " +
        "present it as a relationship where both sides contribute and gain; name the sender as the partner's contact; ask for a short meeting; " +
        "sign with the sender's name and the library's name. " +
        "The staff notes are internal: use them only to choose what to emphasise, never quote them, and never mention scores, ratings or weaknesses. " +
        "Do not invent figures, dates, names or promises.";

    public static string Data(PropositionContext context) => PromptData.Blocks(
        ("library", new { name = context.LibraryName, sender = context.SenderName }),
        ("partner", new
        {
            name = context.Partner.Name,
            type = context.Partner.Type.ToString(),
            sector = context.Partner.Sector.ToString(),
            relationship = context.Partner.Relationship.ToString(),
            clusters = context.Partner.Clusters,
        }),
        ("goals", context.NeedsAssessments.Select(a => new { goal = a.Goal, targetUsers = a.TargetUsers, strategicPlan = a.StrategicPlanLink })),
        ("needs", context.RelevantNeeds().Select(n => new { kind = n.Kind.ToString(), description = n.Description, priority = n.Priority.ToString() })),
        ("offers", context.Offers),
        ("staffNotes", context.StaffNotes()));

    public async Task<Draft> DraftAsync(PropositionContext context, CancellationToken cancellationToken)
    {
        var answer = await model.CompleteAsync(Purpose, Instructions, Data(context), cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            if (answer.Length is >= MinLength and <= MaxLength)
            {
                return new Draft(answer, FromModel: true);
            }

            LanguageModel.LogRejected(logger, Purpose, $"length {answer.Length}");
        }

        return await fallback.DraftAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
