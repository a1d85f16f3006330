namespace Messaging.Web.Components.Chat;

/// <summary>
/// How the room shows one message besides its content. Each combination is one shared instance, so passing
/// it to a bubble allocates nothing and an unchanged state is the same reference.
/// </summary>
public sealed class BubbleState
{
    private static readonly BubbleState[] All = Build();

    private BubbleState(bool mine, DeliveryStatus? status, bool canEdit, bool highlighted) =>
        (Mine, Status, CanEdit, Highlighted) = (mine, status, canEdit, highlighted);

    /// <summary>The viewer sent it.</summary>
    public bool Mine { get; }

    /// <summary>The ticks on one's own message; null on the other side's.</summary>
    public DeliveryStatus? Status { get; }

    /// <summary>The viewer may still edit it (their own, within the edit window).</summary>
    public bool CanEdit { get; }

    /// <summary>A search result: outlined so it stands out in the history.</summary>
    public bool Highlighted { get; }

    public static BubbleState Of(bool mine, DeliveryStatus? status, bool canEdit, bool highlighted) =>
        All[Index(mine, status, canEdit, highlighted)];

    private static int Index(bool mine, DeliveryStatus? status, bool canEdit, bool highlighted) =>
        ((status is { } s ? (int)s + 1 : 0) * 8) + (mine ? 4 : 0) + (canEdit ? 2 : 0) + (highlighted ? 1 : 0);

    private static BubbleState[] Build()
    {
        DeliveryStatus?[] statuses = [null, .. Enum.GetValues<DeliveryStatus>()];
        var all = new BubbleState[statuses.Length * 8];
        foreach (var status in statuses)
        {
            foreach (var mine in (bool[])[false, true])
            {
                foreach (var canEdit in (bool[])[false, true])
                {
                    foreach (var highlighted in (bool[])[false, true])
                    {
                        all[Index(mine, status, canEdit, highlighted)] = new BubbleState(mine, status, canEdit, highlighted);
                    }
                }
            }
        }

        return all;
    }
}
