using NetGen.Sample;

// The assignment's three questions, answered with code NetGen generated at build time.
Question1.Run();
Question2.Run();
Question3.Run();
