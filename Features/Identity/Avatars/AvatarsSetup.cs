namespace Atrium.Api.Features.Identity.Avatars;

public static class AvatarsSetup
{
    /// <summary>The picture encoder: one per process, so its bound on simultaneous decoding holds for the whole node.</summary>
    public static IServiceCollection AddAvatars(this IServiceCollection services) => services.AddSingleton<AvatarEncoder>();
}
