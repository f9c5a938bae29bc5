using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>Loops: <c>for</c>, <c>while</c>, <c>do</c> and <c>foreach</c> over a span, read as <see cref="While"/>.</summary>
internal sealed partial class BodyReader
{
    private bool ReadLoop(ILoopOperation loop, List<Statement> into) => loop switch
    {
        IForLoopOperation f => ReadFor(f, into),
        IWhileLoopOperation { ConditionIsUntil: false } w => ReadWhile(w, into),
        IForEachLoopOperation e => ReadForEach(e, into),
        _ => Refuse(loop.Syntax, Allowed),
    };

    private bool ReadFor(IForLoopOperation loop, List<Statement> into)
    {
        var initializer = new List<Statement>();
        var step = new List<Statement>();
        var body = new List<Statement>();
        bool ok = loop.Before.Aggregate(true, (all, s) => ReadStatement(s, initializer) && all);
        Expression? condition = null;
        if (loop.Condition is { } test)
        {
            ok &= (condition = ReadValue(test)) is not null;
        }

        ok &= loop.AtLoopBottom.Aggregate(true, (all, s) => ReadStatement(s, step) && all);
        ok &= ReadStatement(loop.Body, body);
        if (ok)
        {
            into.Add(new While(initializer.ToEquatableArray(), condition, body.ToEquatableArray(), step.ToEquatableArray(), false) { Source = Header(loop.Syntax) });
        }

        return ok;
    }

    private bool ReadWhile(IWhileLoopOperation loop, List<Statement> into)
    {
        var body = new List<Statement>();
        Expression? condition = loop.Condition is { } test ? ReadValue(test) : null;
        bool ok = (loop.Condition is null || condition is not null) & ReadStatement(loop.Body, body);
        if (ok)
        {
            into.Add(new While(EquatableArray<Statement>.Empty, condition, body.ToEquatableArray(), EquatableArray<Statement>.Empty, !loop.ConditionIsTop) { Source = Header(loop.Syntax) });
        }

        return ok;
    }

    /// <summary><c>foreach (double v in span)</c>: a <c>for</c> over the span's indexes with a hidden index.</summary>
    private bool ReadForEach(IForEachLoopOperation loop, List<Statement> into)
    {
        IOperation collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion)
        {
            collection = conversion.Operand;
        }

        if (ArrayOf(collection) is not { } array || loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var element } ||
            ScalarOf(element.Type) is not { } type)
        {
            return Refuse(loop.Syntax, "foreach runs only over a span of the method's own, as 'foreach (double v in span)'");
        }

        int index = NewVariable("i_" + element.Name, ScalarType.Int32, VariableRole.Temporary);
        int value = Declare(element, element.Name, type, VariableRole.Local);
        var body = new List<Statement>
        {
            new Assign(value, Convert(new ReadElement(Arrays[array].Type, array, new Read(ScalarType.Int32, index)), type, false)) { Source = element.Name + " = " + Arrays[array].Name + "[…]" },
        };
        if (!ReadStatement(loop.Body, body))
        {
            return false;
        }

        var start = new Statement[] { new Assign(index, Constant.Int(0)) };
        Expression condition = new Operation(ScalarType.Boolean, "<", new Expression[] { new Read(ScalarType.Int32, index), new ArrayLength(array) }.ToEquatableArray());
        var next = new Statement[] { new Assign(index, new Operation(ScalarType.Int32, Operators.Add, new Expression[] { new Read(ScalarType.Int32, index), Constant.Int(1) }.ToEquatableArray())) };
        into.Add(new While(start.ToEquatableArray(), condition, body.ToEquatableArray(), next.ToEquatableArray(), false) { Source = Header(loop.Syntax) });
        return true;
    }

    /// <summary>A loop's header as written, for comments: <c>for (int i = 0; i &lt; n; i++)</c>.</summary>
    private static string Header(SyntaxNode loop) => loop switch
    {
        ForStatementSyntax f => "for (" + (f.Declaration is { } d0 ? Snippet.Of(d0) : string.Join(", ", f.Initializers.Select(Snippet.Of))) + "; " + Part(f.Condition) + "; " + string.Join(", ", f.Incrementors.Select(Snippet.Of)) + ")",
        WhileStatementSyntax w => "while (" + Snippet.Of(w.Condition) + ")",
        DoStatementSyntax d => "do … while (" + Snippet.Of(d.Condition) + ")",
        ForEachStatementSyntax e => "foreach (" + Snippet.Of(e.Type) + " " + e.Identifier.ValueText + " in " + Snippet.Of(e.Expression) + ")",
        _ => Snippet.Of(loop),
    };

    private static string Part(SyntaxNode? node) => node is null ? string.Empty : Snippet.Of(node);
}
