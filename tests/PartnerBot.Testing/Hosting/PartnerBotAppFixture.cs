using Xunit;

namespace PartnerBot.Testing.Hosting;

/// <summary>
/// One app per test class (<c>IClassFixture&lt;PartnerBotAppFixture&gt;</c>): starting the host costs a second or two,
/// so the tests of a class share it and keep apart by each using a fresh person and tenant (<see cref="PartnerBotFactory.Transcript(string, string?)"/>).
/// </summary>
public sealed class PartnerBotAppFixture : IAsyncLifetime
{
    private PartnerBotFactory? factory;

    public PartnerBotFactory Factory => factory ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public async Task InitializeAsync()
    {
        factory = await PartnerBotFactory.CreateAsync();
        // Start the host now, so a failure to start shows up as such and not inside the first test.
        _ = factory.Http;
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }
}
