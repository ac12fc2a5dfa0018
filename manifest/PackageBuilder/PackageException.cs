namespace PartnerBot.PackageBuilder;

/// <summary>A reason the package cannot be built, worded for the person running the builder.</summary>
public sealed class PackageException(string message) : Exception(message);
