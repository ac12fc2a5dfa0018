using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace PartnerBot.Language.Setup;

/// <summary>Builds the Semantic Kernel chat service for an OpenAI-compatible endpoint, with a key or a managed identity.</summary>
public static class ChatServiceFactory
{
    /// <summary>The Entra scope Azure OpenAI accepts tokens for.</summary>
    public const string AzureOpenAIScope = "https://cognitiveservices.azure.com/.default";

    public static IChatCompletionService Create(LanguageOptions options, ILoggerFactory loggerFactory)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!),
            // Our own timeout decides; the client must not retry past it.
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };

        OpenAIClient client;
        if (options.UseManagedIdentity)
        {
            var identity = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId);
            var credential = new ManagedIdentityCredential(identity);
            // The token-policy constructor is marked experimental, but it is the documented way to use Entra tokens
            // against Azure OpenAI's OpenAI-compatible v1 endpoint; a key needs no experimental API.
#pragma warning disable OPENAI001
            client = new OpenAIClient(new BearerTokenPolicy(credential, AzureOpenAIScope), clientOptions);
#pragma warning restore OPENAI001
        }
        else
        {
            client = new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions);
        }

        return new OpenAIChatCompletionService(options.ModelId!, client, loggerFactory);
    }
}
