using System;
using NetGen.Sample;

Question1.Run();
