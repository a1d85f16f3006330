using System.Globalization;

namespace Messaging.Bench.Load;

/// <summary>Walks a bench command's <c>--name value</c> arguments; each command's options decide what a name means.</summary>
public sealed class OptionReader(IReadOnlyList<string> args)
{
    private int _next;
    private string _name = "";

    /// <summary>The next option's name, or null at the end.</summary>
    public string? Next() => _next < args.Count ? _name = args[_next++] : null;

    public string Value() => _next < args.Count ? args[_next++] : throw new ArgumentException($"{_name} needs a value.");

    public int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);

    public double Double() => double.Parse(Value(), CultureInfo.InvariantCulture);

    public ArgumentException Unknown() => new($"Unknown option {_name}.");
}
