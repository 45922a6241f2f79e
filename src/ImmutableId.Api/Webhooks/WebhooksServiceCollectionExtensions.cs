using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Webhooks;

/// <summary>Registers webhook subscriptions and delivery.</summary>
public static class WebhooksServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WebhookOptions"/> (section <c>Webhooks</c>, validated on start; the test switch only where
    /// <paramref name="sandboxAllowed"/> and in Development), the callback policy, the sender, the dispatcher and the
    /// handler. The host adds the storage (<see cref="Core.Webhooks.IWebhookStore"/>) and what runs the dispatcher.
    /// </summary>
    public static IServiceCollection AddImmutableIdWebhooks(this IServiceCollection services, bool sandboxAllowed)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>>(sp => new WebhookOptionsValidator(sandboxAllowed, sp.GetService<IHostEnvironment>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.TryAddSingleton<WebhookCallbackPolicy>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<WebhooksHandler>();
        return services;
    }

    /// <summary>Adds the hosted worker that delivers webhooks from this process (Standalone).</summary>
    public static IServiceCollection AddWebhookDeliveryWorker(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<WebhookDeliveryWorker>();
        return services;
    }
}
