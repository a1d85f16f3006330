using System.Runtime.Loader;

/// <summary>
/// Run by the runtime before the server's Main (DOTNET_STARTUP_HOOKS names this file by path). The server's own
/// dependencies do not list this assembly, so the web host's load of the hosting startup assembly by name is answered
/// with this one, already loaded.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var self = typeof(StartupHook).Assembly;
        var name = self.GetName().Name;
        AssemblyLoadContext.Default.Resolving += (_, wanted) => wanted.Name == name ? self : null;
    }
}
