using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace PartnerBot.Language.Model;

/// <summary>
/// One guarded call to the chat model: a time limit, a token budget, and no exception escapes except
/// the caller's own cancellation. A null answer means "use the default".
/// </summary>
public sealed partial class LanguageModel(IChatCompletionService chat, TimeSpan timeout, int maxOutputTokens, ILogger<LanguageModel> logger)
{
    public TimeSpan Timeout => timeout;

    public async Task<string?> CompleteAsync(string purpose, string instructions, string data, CancellationToken cancellationToken)
    {
        var history = new ChatHistory();
        history.AddSystemMessage(instructions);
        history.AddUserMessage(data);
        var settings = new OpenAIPromptExecutionSettings { MaxTokens = maxOutputTokens, Temperature = 0.2 };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var answers = await chat.GetChatMessageContentsAsync(history, settings, kernel: null, limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
            var text = answers.Count > 0 ? answers[0].Content : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                LogEmpty(logger, purpose);
                return null;
            }

            return text.Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimeout(logger, purpose, timeout.TotalSeconds);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, purpose, exception);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language model gave no answer for {Purpose}; using the default")]
    private static partial void LogEmpty(ILogger logger, string purpose);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language model timed out after {Seconds}s for {Purpose}; using the default")]
    private static partial void LogTimeout(ILogger logger, string purpose, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language model call failed for {Purpose}; using the default")]
    private static partial void LogFailed(ILogger logger, string purpose, Exception exception);

    /// <summary>Logged by the model-backed features when an answer fails validation.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Language model answer for {Purpose} was rejected ({Reason}); using the default")]
    public static partial void LogRejected(ILogger logger, string purpose, string reason);
}
