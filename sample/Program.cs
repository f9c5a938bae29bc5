using System;
using NetGen.Sample;
using Spectre.Console;

if (args.Length > 0 && args[0] == "digits")
{
    // A real data set: train, evaluate, plot, save and reload a classifier.
    Digits.Run(AnsiConsole.Console);
    return 0;
}

if (args.Length > 0)
{
    Console.Error.WriteLine($"Unknown argument '{args[0]}'. Run with no argument for the assignment's three questions, or 'digits' for the digits classifier.");
    return 2;
}

// The assignment's three questions, answered with code NetGen generated at build time.
Question1.Run();
Question2.Run();
Question3.Run();
return 0;
