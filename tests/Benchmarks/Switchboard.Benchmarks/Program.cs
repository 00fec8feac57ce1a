using Switchboard.Benchmarks;

BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var report = await BenchmarkRunner.RunAsync(settings, Console.Out);
Console.WriteLine();
Console.WriteLine(report);
if (settings.OutFile is not null) await File.WriteAllTextAsync(settings.OutFile, report);
return 0;
