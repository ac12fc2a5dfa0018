namespace PartnerBot.PackageBuilder;

// A named entry point, not top-level statements: the tests reference both this project and the web app,
// and two global 'Program' types would collide.
internal static class PackageBuilderProgram
{
    public static Task<int> Main(string[] args) =>
        PackageCommand.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error);
}
