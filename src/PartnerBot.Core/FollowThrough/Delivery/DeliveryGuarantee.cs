namespace PartnerBot.Core.FollowThrough.Delivery;

/// <summary>What to do with a send that may or may not have arrived.</summary>
public enum DeliveryGuarantee
{
    /// <summary>Never sent twice; a send that may have arrived is recorded and not repeated.</summary>
    AtMostOnce,
    /// <summary>Never lost while attempts remain; a send that may have arrived is recorded and repeated.</summary>
    AtLeastOnce,
}

public static class DeliveryGuarantees
{
    /// <summary>
    /// The one place the choice is made, by the kind that starts the message's key.
    /// Digests ("digest|…") and nudges ("nudge|…") are at most once: the planner makes them again on its schedule (next
    /// week's digest, the next nudge of a still-open cause), so a lost one is recovered, while a duplicate reminder in
    /// someone's chat is noise that erodes trust in every later one.
    /// Next-step prompts ("prompt|…") and anything else are at least once: a prompt hands a step to a person and nothing
    /// plans it again, so losing it silently drops the work; a rare duplicate is the lesser harm.
    /// </summary>
    public static DeliveryGuarantee For(string key) =>
        key.StartsWith("digest|", StringComparison.Ordinal) || key.StartsWith("nudge|", StringComparison.Ordinal)
            ? DeliveryGuarantee.AtMostOnce
            : DeliveryGuarantee.AtLeastOnce;
}
