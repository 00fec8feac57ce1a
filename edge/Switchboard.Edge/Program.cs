using Switchboard.Edge;

await EdgeApp.Build(args).RunAsync();
