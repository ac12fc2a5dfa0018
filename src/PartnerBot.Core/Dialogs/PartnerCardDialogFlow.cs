using PartnerBot.Core.Assessment;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workflows;

namespace PartnerBot.Core.Dialogs;

/// <summary>Help, resume and cancel for the one-card flows about one partner.</summary>
public sealed class PartnerCardDialogFlow(WorkflowServices services, ScreeningFlow screening, AssessmentFlow assessment, ContactFlow contact, FormaliseFlow formalise) : IDialogFlow
{
    public bool Owns(DialogState state) => state is PartnerCardDialog;

    public string Describe(DialogState state) => ((PartnerCardDialog)state).Card switch
    {
        PartnerCardKind.Screening => "a screening",
        PartnerCardKind.Assessment => "a detailed assessment",
        PartnerCardKind.Contact => "naming a contact person",
        _ => "formalising a partnership",
    };

    public string AfterCancel(DialogState state) => ((PartnerCardDialog)state).Card switch
    {
        PartnerCardKind.Screening => "Nothing from the card was saved; ratings you submitted earlier stay. Type 'screen' and the partner's name to start again.",
        PartnerCardKind.Assessment => "Nothing from the card was saved; an assessment you submitted earlier stays. Type 'assess' and the partner's name to start again.",
        PartnerCardKind.Contact => "Nothing from the card was saved; the partner keeps its contact and steps. Type 'contact' and the partner's name to start again.",
        _ => "Nothing from the card was saved; what you recorded earlier stays. Type 'formalise' and the partner's name to start again.",
    };

    public string Help(DialogState state) => ((PartnerCardDialog)state).Card switch
    {
        PartnerCardKind.Screening => "The screening card asks five questions from 1 to 5, where 5 always favours the partner: their expertise and their strengths against weaknesses compared with other candidates, how much they could add to your community goals, how easy a good relationship would be, and how much you would lose by not pursuing them. Notes are optional (at most 500 characters).",
        PartnerCardKind.Assessment => "The assessment card asks how well the partner meets each of your criteria (weighted as in your needs assessment), whether benefits and costs are favourable and controllable, whether the needed competencies are there, whether you can afford the investment and timing, and how strongly key people support it. I suggest Pursue from 3.5, Hold from 2.5, else Drop; you can choose otherwise.",
        PartnerCardKind.Contact => "Pick the lead contact (they get the next step in their own chat) and optionally a small team, then say what to do next and by when.",
        _ => "Say what each side does, what each commits (people, equipment, facilities, technology), the shared vision, how you handle disagreements and avoid duplicate work, how often you talk, and the start, review and renewal dates. For sponsors, funders and businesses, tick the values check once you are sure they fit.",
    };

    public async Task<IReadOnlyList<BotReply>> ResumeAsync(Caller caller, DialogState state, CancellationToken cancellationToken)
    {
        var dialog = (PartnerCardDialog)state;
        var partner = await services.Partners.GetAsync(caller.Workspace, dialog.PartnerId, cancellationToken);
        if (partner is null)
        {
            await services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
            return Replies.Say("The partner of that card is no longer in your workspace, so there is nothing to resume.");
        }

        var card = dialog.Card switch
        {
            PartnerCardKind.Screening => await screening.FormAsync(caller, partner.Value, cancellationToken),
            PartnerCardKind.Assessment => await assessment.FormAsync(caller, partner.Value, cancellationToken),
            PartnerCardKind.Contact => await contact.FormAsync(caller, partner, cancellationToken),
            _ => await formalise.FormAsync(caller, partner.Value, cancellationToken),
        };
        return [BotReply.Show(card)];
    }
}
