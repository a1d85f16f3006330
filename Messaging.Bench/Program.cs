using Messaging.Bench;

return await BenchCommands.RunAsync(args);
