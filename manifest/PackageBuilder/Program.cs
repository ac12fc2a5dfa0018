using PartnerBot.PackageBuilder;

return await PackageCommand.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error);
