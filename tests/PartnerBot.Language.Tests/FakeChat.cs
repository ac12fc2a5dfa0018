using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Moq;
using PartnerBot.Language.Model;

namespace PartnerBot.Language.Tests;

/// <summary>A Moq chat completion service that records every prompt and answers as told.</summary>
public sealed class FakeChat
{
    public Mock<IChatCompletionService> Mock { get; } = new(MockBehavior.Strict);

    public List<ChatHistory> Prompts { get; } = [];

    public List<PromptExecutionSettings?> Settings { get; } = [];

    public string LastSystem => Prompts[^1].First(m => m.Role == AuthorRole.System).Content ?? "";

    public string LastData => Prompts[^1].First(m => m.Role == AuthorRole.User).Content ?? "";

    public static FakeChat Answering(string answer)
    {
        var fake = new FakeChat();
        fake.Setup().ReturnsAsync([new ChatMessageContent(AuthorRole.Assistant, answer)]);
        return fake;
    }

    public static FakeChat Throwing()
    {
        var fake = new FakeChat();
        fake.Setup().ThrowsAsync(new HttpRequestException("503 Service Unavailable"));
        return fake;
    }

    /// <summary>Never answers, but honours cancellation, as a real slow endpoint does.</summary>
    public static FakeChat Hanging()
    {
        var fake = new FakeChat();
        fake.Setup().Returns<ChatHistory, PromptExecutionSettings?, Kernel?, CancellationToken>(async (_, _, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return [];
        });
        return fake;
    }

    /// <summary>Never answers and ignores cancellation: our own time limit must still end the wait.</summary>
    public static FakeChat Deaf()
    {
        var fake = new FakeChat();
        fake.Setup().Returns(new TaskCompletionSource<IReadOnlyList<ChatMessageContent>>().Task);
        return fake;
    }

    public LanguageModel Model(int maxOutputTokens = 400) =>
        new(Mock.Object, TimeSpan.FromMilliseconds(200), maxOutputTokens, NullLogger<LanguageModel>.Instance);

    private Moq.Language.Flow.IReturnsThrows<IChatCompletionService, Task<IReadOnlyList<ChatMessageContent>>> Setup() =>
        Mock.Setup(c => c.GetChatMessageContentsAsync(It.IsAny<ChatHistory>(), It.IsAny<PromptExecutionSettings?>(), It.IsAny<Kernel?>(), It.IsAny<CancellationToken>()))
            .Callback<ChatHistory, PromptExecutionSettings?, Kernel?, CancellationToken>((history, settings, _, _) =>
            {
                Prompts.Add(history);
                Settings.Add(settings);
            });
}
