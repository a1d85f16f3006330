namespace Messaging.Bench.Micro;

public static class MicroBenchmarks
{
    public static void Run(string[] args) => throw new NotImplementedException("micro: not yet");
}
