using System;
using NetGen.Sample;
using Spectre.Console;

if (args.Length > 0 && args[0] == "digits")
{
    // A real data set: train, evaluate, plot, save and reload a classifier.
    Digits.Run(AnsiConsole.Console);
    return 0;
}

if (args.Length > 0 && args[0] == "digits-gelu")
{
    // The same classifier with GELU, layer norm and dropout.
    Digits.RunGelu(AnsiConsole.Console);
    return 0;
}

if (args.Length > 0 && args[0] == "digits-cnn")
{
    // A convolutional network on the same images.
    Digits.RunCnn(AnsiConsole.Console);
    return 0;
}

if (args.Length > 0 && args[0] == "greeks")
{
    // Monte Carlo Greeks from one generated gradient call, next to Black–Scholes.
    Greeks.Run(AnsiConsole.Console);
    return 0;
}

if (args.Length > 0)
{
    Console.Error.WriteLine($"Unknown argument '{args[0]}'. Run with no argument for the assignment's three questions, 'digits' for the digits classifier, 'digits-gelu' for it with GELU, layer norm and dropout, 'digits-cnn' for a convolutional network, or 'greeks' for Monte Carlo Greeks.");
    return 2;
}

// The assignment's three questions, answered with code NetGen generated at build time.
Question1.Run();
Question2.Run();
Question3.Run();
return 0;
