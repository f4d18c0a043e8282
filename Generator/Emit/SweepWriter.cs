using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SymDiff.Generator.Engine;

namespace SymDiff.Generator.Emit;

/// <summary>A procedure the generator cannot transform (reported as SYMDIFF014 at the loop).</summary>
internal sealed class UnsupportedProcedureException : Exception
{
    public UnsupportedProcedureException(Loop at, string message)
        : base(message)
        => At = at;

    /// <summary>The loop the error is about.</summary>
    public Loop At { get; }
}

/// <summary>
/// Writes the body of one generated method over a <see cref="Procedure"/>: the forward sweep (the method's own
/// loops, with CSE'd straight-line code between them) and, for derivatives, the reverse sweep the way Clad and
/// Tapenade transform loops: adjoint loops that run backwards, recomputing each iteration's straight-line values
/// from the arrays (which are final when read) and from a tape that keeps the few scalars a loop overwrites
/// (carried variables whose old values the derivative needs, and results of inner loops). Expensive values the
/// forward sweep computes (exp, tanh, divisions) are kept on a tape too rather than recomputed, and a loop that only
/// selects (a running maximum) records which iteration it took its value from, so its reverse is that one iteration.
/// </summary>
internal sealed class SweepWriter
{
    private readonly ExprBuilder _b;
    private readonly Differentiator _d;
    private readonly Procedure _p;
    private readonly Activity _activity;
    private readonly CancellationToken _cancellation;
    private readonly HashSet<string> _taken;

    // Forward: the C# variable of every carried symbol, where it is declared, and which loops reuse a variable.
    private readonly Dictionary<Expr, string> _forwardNames = new();
    private readonly Dictionary<Loop, List<(Carried Carried, string Name, bool Declare)>> _loopVariables = new();
    private readonly Dictionary<string, Loop?> _declaredIn = new();

    // Reverse: adjoint variables and arrays, restore names, tapes, and the leaves the reverse code reads.
    private readonly Dictionary<string, string> _adjointOfVariable = new();
    private readonly Dictionary<string, string> _arrayAdjoints = new();
    private readonly Dictionary<Expr, string> _reverseNames = new();
    private readonly HashSet<Expr> _referenced = new();
    private readonly Dictionary<Expr, (string Tape, IReadOnlyList<Loop> Loops)> _tapes = new();
    private readonly List<(string Name, string Length)> _tapeBuffers = new();
    private readonly Dictionary<Loop, Loop?> _parents = new();

    // Expensive values a loop's forward sweep computes that its reverse sweep reads back from a tape: the variable
    // standing for each in the adjoint code, per loop, and the ones whose tape the reverse sweep asked for.
    private readonly Dictionary<(Loop Loop, Expr Node), Expr> _savedValues = new();
    private readonly Dictionary<Loop, List<(Expr Node, Expr Saved)>> _saves = new();
    private readonly Dictionary<Loop, HashSet<Expr>> _forwardNodes = new();

    // Loops that only select values (a running maximum), whose reverse sweep goes to the selected iteration only.
    private readonly Dictionary<Loop, List<Selection>> _selections = new();

    // Views of the innermost loop being written: x[n * i + j] over j is read as xRow[j] from xRow = x.Slice(n * i, …),
    // declared before the loop, so the loop indexes with its counter alone (as hand-written code does).
    private Loop? _viewLoop;
    private readonly Dictionary<(string Array, Expr Base), string> _views = new();
    private readonly List<(string Name, string Array, Expr Base)> _usedViews = new();

    // outputs: for a reverse sweep, what it differentiates (see Activity): only what influences them gets adjoints.
    public SweepWriter(ExprBuilder b, Differentiator d, Procedure procedure, HashSet<string> taken, CancellationToken cancellation,
        IEnumerable<string>? extraActiveArrays = null, (IReadOnlyList<Expr> Values, IReadOnlyList<string> Arrays)? outputs = null)
    {
        _b = b;
        _d = d;
        _p = procedure;
        _taken = taken;
        _cancellation = cancellation;
        _activity = new Activity(procedure, extraActiveArrays, outputs);
        foreach (var p in procedure.Parameters)
        {
            _taken.Add(p.Name);
        }

        IndexLoops(procedure.Body, null);
        foreach (var loop in _parents.Keys)
        {
            _taken.Add(loop.Counter.Name!);
        }

        NameVariables();
    }

    public Activity Activity => _activity;

    /// <summary>
    /// The result array, when the caller already holds the values the method wrote into it (a backward pass after a
    /// forward pass): the forward sweep then writes nothing into it, and leaves out the top-level loops that did nothing
    /// else. Only for methods that never read their result's starting values.
    /// </summary>
    public string? KnownResult { get; set; }

    /// <summary>The scratch buffers the tapes need (known once the reverse sweep has been written).</summary>
    public IReadOnlyList<(string Name, string Length)> TapeBuffers => _tapeBuffers;

    /// <summary>A fresh C# name based on <paramref name="preferred"/>.</summary>
    public string Fresh(string preferred)
    {
        var name = preferred;
        for (int k = 2; !_taken.Add(name); k++)
        {
            name = preferred + k.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    private void IndexLoops(IReadOnlyList<Statement> block, Loop? parent)
    {
        foreach (var loop in block.OfType<Loop>())
        {
            _parents[loop] = parent;
            IndexLoops(loop.Body, loop);
        }
    }

    // ----- forward names -----

    /// <summary>
    /// Gives every carried variable a C# local. A loop reuses the local that holds its start value when that value
    /// is the same variable's previous value, inside a loop (where the reverse sweep restores values from the tape
    /// anyway), and nothing reads it later; otherwise it declares a fresh local.
    /// </summary>
    private void NameVariables()
    {
        var positions = new Dictionary<Expr, int>();
        int position = 0;
        void Uses(Expr e, int at)
        {
            foreach (var leaf in Activity.Leaves(e).Where(l => l.Op == Op.Var))
            {
                positions[leaf] = Math.Max(positions.TryGetValue(leaf, out var p) ? p : 0, at);
            }
        }

        var loopPosition = new Dictionary<Loop, int>();
        void Scan(IReadOnlyList<Statement> block)
        {
            foreach (var statement in block)
            {
                position++;
                switch (statement)
                {
                    case Store s:
                        Uses(s.Value, position);
                        break;
                    case Loop l:
                        loopPosition[l] = position;
                        foreach (var c in l.Carried)
                        {
                            Uses(c.Initial, position);
                        }

                        Scan(l.Body);
                        position++;
                        foreach (var c in l.Carried)
                        {
                            Uses(c.Update, position);
                        }

                        break;
                }
            }
        }

        Scan(_p.Body);
        if (_p.Value is not null)
        {
            Uses(_p.Value, int.MaxValue);
        }

        var holder = new Dictionary<string, Expr>();
        void Assign(IReadOnlyList<Statement> block, Loop? enclosing)
        {
            foreach (var loop in block.OfType<Loop>())
            {
                var variables = new List<(Carried, string, bool)>();
                foreach (var c in loop.Carried)
                {
                    string? reuse = null;
                    if (enclosing is not null && c.Initial.Op == Op.Var && _forwardNames.TryGetValue(c.Initial, out var held)
                        && holder.TryGetValue(held, out var current) && current == c.Initial
                        && (!positions.TryGetValue(c.Initial, out var last) || last <= loopPosition[loop])
                        && variables.All(v => v.Item2 != held))
                    {
                        reuse = held;
                    }

                    var name = reuse ?? Fresh(c.Variable);
                    if (reuse is null)
                    {
                        _declaredIn[name] = enclosing;
                    }

                    _forwardNames[c.Entry] = name;
                    _forwardNames[c.Exit] = name;
                    holder[name] = c.Entry;
                    variables.Add((c, name, reuse is null));
                }

                _loopVariables[loop] = variables;
                Assign(loop.Body, loop);
                foreach (var (c, name, _) in variables)
                {
                    holder[name] = c.Exit;
                }
            }
        }

        Assign(_p.Body, null);
    }

    // ----- forward sweep -----

    /// <summary>Writes the forward sweep (the method's own computation, plus the tape writes the reverse sweep asked for).</summary>
    public void WriteForward(IndentedWriter w) => Forward(w, _p.Body, new List<Loop>(), new List<(Expr, Expr)>());

    /// <summary>
    /// The forward sweep of a reverse-mode method, written after its reverse sweep: it leaves out the carried variables
    /// that neither that reverse sweep, nor <paramref name="read"/> (what the caller reads afterwards, e.g. the value),
    /// nor any store, tape or kept selection needs (in a Hessian-vector product, the tangent of the value: the reverse
    /// sweep differentiates it but never reads it).
    /// </summary>
    public void WriteForwardAfterReverse(IndentedWriter w, IReadOnlyList<Expr> read)
    {
        _liveCarried = LiveCarried(read);
        WriteForward(w);
        _liveCarried = null;
    }

    // Forward names of the carried variables the forward sweep computes; null while everything is.
    private HashSet<string>? _liveCarried;

    private bool IsLive(string carried) => _liveCarried is null || _liveCarried.Contains(carried);

    private HashSet<string> LiveCarried(IReadOnlyList<Expr> read)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        void Use(Expr e)
        {
            foreach (var leaf in Activity.Leaves(e).Where(l => l.Op == Op.Var && _forwardNames.ContainsKey(l)))
            {
                live.Add(_forwardNames[leaf]);
            }
        }

        foreach (var leaf in _referenced.Where(l => l.Op == Op.Var))
        {
            Use(leaf);
        }

        foreach (var e in read)
        {
            Use(e);
        }

        foreach (var node in _tapes.Keys)
        {
            Use(node);
        }

        foreach (var (node, _) in _saves.Values.SelectMany(list => list))
        {
            Use(node);
        }

        foreach (var selection in _selections.Values.SelectMany(list => list))
        {
            Use(selection.Keep);
            foreach (var (c, taken) in selection.Variables)
            {
                Use(c.Entry);
                Use(taken);
            }
        }

        var loops = new List<Loop>();
        foreach (var (statement, _) in _p.AllStatements())
        {
            if (statement is Store store)
            {
                Use(store.Value);
            }
            else if (statement is Loop loop)
            {
                loops.Add(loop);
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var c in loops.SelectMany(l => l.Carried))
            {
                if (live.Contains(ForwardName(c.Entry)) || live.Contains(ForwardName(c.Exit)))
                {
                    int before = live.Count;
                    live.Add(ForwardName(c.Entry));
                    live.Add(ForwardName(c.Exit));
                    Use(c.Initial);
                    Use(c.Update);
                    changed |= live.Count != before;
                }
            }
        }

        return live;
    }

    // saves: the values this iteration keeps for the reverse sweep that are not written yet (see Save).
    private void Forward(IndentedWriter w, IReadOnlyList<Statement> block, List<Loop> loops, List<(Expr Node, Expr Saved)> saves)
    {
        int k = 0;
        while (k < block.Count)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (block[k] is Loop loop)
            {
                if (loops.Count == 0 && OnlyWritesKnownResult(loop))
                {
                    k++;
                    continue;
                }

                ForwardLoop(w, loop, loops, saves);
                foreach (var c in loop.Carried.Where(c => _tapes.ContainsKey(c.Exit)))
                {
                    w.Line($"{_tapes[c.Exit].Tape}[{TapeIndex(_tapes[c.Exit].Loops)}] = {_forwardNames[c.Exit]};");
                }

                foreach (var selection in _selections.TryGetValue(loop, out var selections) ? selections : new List<Selection>())
                {
                    if (selection.Tape is not null)
                    {
                        w.Line($"{selection.Tape}[{TapeIndex(loops)}] = {selection.At};");
                    }
                }

                k++;
                continue;
            }

            var stores = new List<Store>();
            while (k < block.Count && block[k] is Store s)
            {
                if (s.Array != KnownResult)
                {
                    stores.Add(s);
                }

                k++;
            }

            WriteStores(w, stores, loops, saves);
        }
    }

    /// <summary>
    /// Whether a top-level loop only writes elements of <see cref="KnownResult"/>: no variable carried out of it, no
    /// other array, and nothing kept for the reverse sweep (no tape, saved value or selection in it).
    /// </summary>
    private bool OnlyWritesKnownResult(Loop loop)
    {
        if (KnownResult is null || loop.Carried.Count > 0)
        {
            return false;
        }

        var inside = new HashSet<Loop> { loop };
        foreach (var (statement, enclosing) in _p.AllStatements())
        {
            if (enclosing.Contains(loop))
            {
                if (statement is Loop inner)
                {
                    inside.Add(inner);
                }
                else if (statement is Store store && store.Array != KnownResult)
                {
                    return false;
                }
            }
        }

        return !_tapes.Values.Any(t => t.Loops.Any(inside.Contains))
            && !inside.Any(l => _saves.ContainsKey(l) || _selections.ContainsKey(l));
    }

    /// <summary>
    /// Straight-line stores, their values planned together (shared subexpressions computed once); a store whose
    /// value reads an array written earlier in the same run starts a new plan, so no read moves above a write.
    /// </summary>
    private void WriteStores(IndentedWriter w, List<Store> stores, List<Loop> loops, List<(Expr Node, Expr Saved)> saves)
    {
        int start = 0;
        while (start < stores.Count)
        {
            int end = start + 1;
            var written = new HashSet<string> { stores[start].Array };
            while (end < stores.Count && !Activity.Leaves(stores[end].Value).Any(l => l.Op == Op.Load && written.Contains(l.Name!)))
            {
                written.Add(stores[end].Array);
                end++;
            }

            var run = stores.Skip(start).Take(end - start).ToList();
            var values = run.Select(s => s.Value).ToList();
            var saved = TakeSaves(values, saves);
            var plan = Plan(values.Concat(saved.Select(t => t.Node)).ToList(), _forwardNames);
            WriteLocals(w, plan);
            WriteSaves(w, plan, saved, loops);
            foreach (var s in run)
            {
                w.Line($"{Element(s.Array, s.Index)} {(s.Accumulate ? "+=" : "=")} {plan.Printer.Print(s.Value)};");
            }

            start = end;
        }
    }

    private void ForwardLoop(IndentedWriter w, Loop loop, List<Loop> loops, List<(Expr Node, Expr Saved)> enclosingSaves)
    {
        var variables = _loopVariables[loop].Where(v => IsLive(v.Name)).ToList();
        var inits = variables.Where(v => v.Declare).ToList();
        if (inits.Count > 0)
        {
            var values = inits.Select(v => v.Carried.Initial).ToList();
            var saved = TakeSaves(values, enclosingSaves);
            var plan = Plan(values.Concat(saved.Select(t => t.Node)).ToList(), _forwardNames);
            WriteLocals(w, plan);
            WriteSaves(w, plan, saved, loops);
            foreach (var (c, name, _) in inits)
            {
                w.Line($"double {name} = {plan.Printer.Print(c.Initial)};");
            }
        }

        if (loop == _fused)
        {
            return; // the reverse sweep runs it (see FusableLastLoop)
        }

        foreach (var selection in _selections.TryGetValue(loop, out var selections) ? selections : new List<Selection>())
        {
            w.Line($"int {selection.At} = {Integer(_b.Sub(loop.From, _b.One))};");
        }

        var counter = Counter(loop);
        var body = IndentedWriter.At(w.Depth + 1);
        loops.Add(loop);
        foreach (var c in loop.Carried.Where(c => _tapes.ContainsKey(c.Entry)))
        {
            body.Line($"{_tapes[c.Entry].Tape}[{TapeIndex(_tapes[c.Entry].Loops)}] = {_forwardNames[c.Entry]};");
        }

        var saves = _saves.TryGetValue(loop, out var requested) ? requested.ToList() : new List<(Expr Node, Expr Saved)>();
        BeginViews(loop);
        Forward(body, loop.Body, loops, saves);
        WriteUpdates(body, loop, variables, loops, saves);
        EndViews(w, loop);
        loops.RemoveAt(loops.Count - 1);
        if (body.ToString().Length == 0)
        {
            return; // everything it computed is dead (see WriteForwardAfterReverse)
        }

        OpenForwards(w, loop, counter);
        w.Append(body);
        w.Close();
    }

    // ----- views -----

    /// <summary>Starts collecting views for <paramref name="loop"/> if it is innermost (its body has no loop).</summary>
    private void BeginViews(Loop loop)
    {
        _viewLoop = loop.Body.OfType<Loop>().Any() ? null : loop;
        _views.Clear();
        _usedViews.Clear();
    }

    /// <summary>
    /// Declares the views the loop's code used, before the loop: <c>var xRow = n &gt; 0 ? x.Slice(start, n) : default;</c>
    /// (an empty loop reads nothing, so its view is not sliced, as the loop would not have indexed).
    /// </summary>
    private void EndViews(IndentedWriter w, Loop loop)
    {
        _viewLoop = null;
        var length = Integer(_b.Sub(loop.To, loop.From));
        foreach (var (name, array, start) in _usedViews)
        {
            var from = Integer(_b.Add(start, loop.From));
            // A double[] parameter has no Slice; the generated file has no usings, so AsSpan is called by its full name.
            // (FBackward takes its result as a ReadOnlySpan, whatever the method's type for it.)
            var slice = array != KnownResult && _p.Parameters.FirstOrDefault(p => p.Name == array)?.Type.EndsWith("[]", StringComparison.Ordinal) == true
                ? $"global::System.MemoryExtensions.AsSpan({array}, {from}, {length})"
                : $"{array}.Slice({from}, {length})";
            w.Line($"var {name} = {length} > 0 ? {slice} : default;");
        }

        _usedViews.Clear();
        _views.Clear();
    }

    /// <summary>An element as the loop being written reads or writes it: through a view, or <c>array[index]</c>.</summary>
    private string Element(string array, Expr index)
        => ViewElement(array, index) ?? $"{array}[{Integer(index)}]";

    /// <summary>
    /// <c>xRow[j]</c> for <c>x[base + j]</c> in the innermost loop over j (base not depending on j), or null.
    /// </summary>
    private string? ViewElement(string array, Expr index)
    {
        if (_viewLoop is not { } loop || index.Op != Op.Add || !index.Args.Contains(loop.Counter))
        {
            return null;
        }

        var start = _b.Add(index.Args.Where(a => a != loop.Counter).ToArray());
        if (ExprSerializer.Reachable(new[] { start }).Contains(loop.Counter))
        {
            return null;
        }

        if (!_views.TryGetValue((array, start), out var name))
        {
            name = Fresh(array.TrimStart('@') + "Row");
            _views[(array, start)] = name;
            _usedViews.Add((name, array, start));
        }

        return $"{name}[{(loop.From.IsConst(0) ? Counter(loop) : Integer(_b.Sub(loop.Counter, loop.From)))}]";
    }

    /// <summary>The values among <paramref name="saves"/> that computing <paramref name="outputs"/> computes (taken off the list).</summary>
    private static List<(Expr Node, Expr Saved)> TakeSaves(IReadOnlyList<Expr> outputs, List<(Expr Node, Expr Saved)> saves)
    {
        if (saves.Count == 0)
        {
            return new List<(Expr Node, Expr Saved)>();
        }

        var computed = ExprSerializer.Reachable(outputs, enterIndices: false);
        var taken = saves.Where(t => computed.Contains(t.Node)).ToList();
        saves.RemoveAll(taken.Contains);
        return taken;
    }

    /// <summary>Writes the saved values to their tapes (<c>expTape[i] = exp;</c>), after the plan's locals.</summary>
    private void WriteSaves(IndentedWriter w, CodePlan plan, List<(Expr Node, Expr Saved)> saved, List<Loop> loops)
    {
        foreach (var (node, variable) in saved)
        {
            w.Line($"{_tapes[variable].Tape}[{TapeIndex(loops)}] = {plan.Printer.Print(node)};");
        }
    }

    /// <summary>
    /// The carried variables' updates at the end of an iteration: <c>s += term</c> where the update adds to the
    /// old value, through temporaries when one update reads a variable another one has already changed.
    /// </summary>
    private void WriteUpdates(IndentedWriter w, Loop loop, List<(Carried Carried, string Name, bool Declare)> variables, List<Loop> loops,
        List<(Expr Node, Expr Saved)> saves)
    {
        var updates = variables.Where(v => !(v.Carried.Update.Op == Op.Var && _forwardNames.TryGetValue(v.Carried.Update, out var n) && n == v.Name)).ToList();
        var saved = saves.ToList(); // the rest: values only the updates compute
        saves.Clear();
        var selections = _selections.TryGetValue(loop, out var s) ? s : new List<Selection>();
        if (updates.Count == 0 && saved.Count == 0 && selections.Count == 0)
        {
            return;
        }

        var plan = Plan(updates.Select(v => v.Carried.Update).Concat(saved.Select(t => t.Node)).Concat(selections.Select(t => t.Keep)).ToList(), _forwardNames);
        WriteLocals(w, plan);
        WriteSaves(w, plan, saved, loops);
        foreach (var selection in selections)
        {
            w.Line($"{selection.At} = {plan.Printer.Print(selection.Keep)} ? {selection.At} : {Counter(loop)};");
        }

        if (updates.Count == 0)
        {
            return;
        }

        var assigned = new HashSet<string>();
        bool needsTemporaries = false;
        foreach (var (c, name, _) in updates)
        {
            if (Activity.Leaves(c.Update).Any(l => l.Op == Op.Var && _forwardNames.TryGetValue(l, out var n) && assigned.Contains(n)))
            {
                needsTemporaries = true;
            }

            assigned.Add(name);
        }

        if (needsTemporaries)
        {
            var temporaries = updates.Select(u => (u.Name, Temp: Fresh(u.Name + "Next"))).ToList();
            for (int i = 0; i < updates.Count; i++)
            {
                w.Line($"double {temporaries[i].Temp} = {plan.Printer.Print(updates[i].Carried.Update)};");
            }

            foreach (var (name, temp) in temporaries)
            {
                w.Line($"{name} = {temp};");
            }

            return;
        }

        foreach (var (c, name, _) in updates)
        {
            WriteAccumulation(w, plan, name, c.Update, c.Entry, _forwardNames);
        }
    }

    /// <summary><c>target = e</c>, written <c>target += rest</c> (or <c>-=</c>) when <paramref name="e"/> adds to <paramref name="old"/>.</summary>
    private void WriteAccumulation(IndentedWriter w, CodePlan plan, string target, Expr e, Expr old, IReadOnlyDictionary<Expr, string> names)
    {
        if (e.Op == Op.Add && e.Args.Contains(old) && plan.Locals.All(l => l.Node != e))
        {
            var rest = e.Args.Where(a => a != old).ToList();
            WriteAdd(w, plan, target, rest);
            return;
        }

        w.Line($"{target} = {plan.Printer.Print(e)};");
    }

    /// <summary>
    /// <c>target += Σ terms</c>, or <c>target -= t</c> for one negative term; <c>double target = …</c> when
    /// <paramref name="declare"/> (the first write of an adjoint, which then needs no zero first).
    /// </summary>
    private void WriteAdd(IndentedWriter w, CodePlan plan, string target, IReadOnlyList<Expr> terms, bool declare = false)
    {
        var sum = terms.Count == 1 ? terms[0] : _b.Add(terms.ToArray());
        if (declare)
        {
            w.Line($"double {target} = {plan.Printer.Print(sum)};");
            return;
        }

        if (sum.Op == Op.Const && sum.Value < 0)
        {
            w.Line($"{target} -= {plan.Printer.Print(_b.Const(-sum.Value))};");
        }
        else if (sum.Op == Op.Mul && sum.Args[0].IsConstant && sum.Args[0].Value < 0 && plan.Locals.All(l => l.Node != sum))
        {
            w.Line($"{target} -= {plan.Printer.Print(_b.Neg(sum))};");
        }
        else
        {
            w.Line($"{target} += {plan.Printer.Print(sum)};");
        }
    }

    // ----- reverse sweep -----

    /// <summary>A sink of the reverse sweep: a value whose adjoint is <see cref="Seed"/>.</summary>
    public readonly record struct Sink(Expr Value, Expr Seed);

    /// <summary>
    /// Declares the adjoint of an array (the span or scratch slice that receives its cotangents) or of a scalar
    /// parameter (a local <paramref name="adjoint"/>).
    /// </summary>
    public void SetArrayAdjoint(string array, string adjoint) => _arrayAdjoints[array] = adjoint;

    /// <summary>The adjoint local of a scalar parameter (declared by <see cref="WriteReverse"/>, which leaves it set).</summary>
    public void SetScalarAdjoint(string parameter, string adjoint)
    {
        _adjointOfVariable[parameter] = adjoint;
        _parameterAdjoints.Add(adjoint);
    }

    private readonly List<string> _parameterAdjoints = new();

    /// <summary>The C# name of a variable of the forward sweep.</summary>
    public string ForwardName(Expr variable) => _forwardNames.TryGetValue(variable, out var n) ? n : variable.Name!;

    /// <summary>The names of variables the forward sweep declared, for a caller writing its own expressions.</summary>
    public IReadOnlyDictionary<Expr, string> ForwardNames => _forwardNames;

    /// <summary>
    /// Writes the reverse sweep for <paramref name="sinks"/> (the seeded outputs at the end of the procedure):
    /// declares the adjoints of the top-level variables, then reverses the statements.
    /// </summary>
    public void WriteReverse(IndentedWriter w, IReadOnlyList<Sink> sinks)
    {
        _fused = FusableLastLoop(sinks);
        _pending.Add(new SortedSet<string>(_parameterAdjoints, StringComparer.Ordinal));
        foreach (var name in _declaredIn.Where(d => d.Value is null).Select(d => d.Key).OrderBy(n => n, StringComparer.Ordinal))
        {
            DeclareAdjoint(name);
        }

        ReverseBlock(w, _p.Body, sinks.ToList(), null);
        foreach (var name in _parameterAdjoints.Where(_pending[0].Contains))
        {
            w.Line($"double {name} = 0.0;"); // the parameter's derivative is 0
        }

        _pending.RemoveAt(_pending.Count - 1);
    }

    // The last loop of the method when its reverse runs in the same pass as its forward sweep (see FusableLastLoop).
    private Loop? _fused;

    /// <summary>
    /// Whether the value is computed in the same pass as the gradient, by <see cref="WriteReverse"/>'s last reverse
    /// loop: then the caller reads the value only after the reverse sweep.
    /// </summary>
    public bool ValueComesFromReverse => _fused is not null;

    /// <summary>
    /// The method's last loop, when its iterations are independent sums whose adjoints are known before it runs: it
    /// only accumulates (<c>s += term</c>, no term reading a variable the loop carries), stores nothing, has no inner
    /// loop, and the one differentiated output is affine in its sums (a sum itself, a mean, a sum plus a penalty). Its adjoint loop then needs nothing from other
    /// iterations, so it runs forwards, in the same pass as the sums (one pass over the data instead of two, as a
    /// hand-written gradient of Σᵢ fᵢ(x) does). The sums and the adjoints are planned together, so each value of an
    /// iteration, an exp as much as a product, is computed once, and none goes on a tape.
    /// </summary>
    private Loop? FusableLastLoop(IReadOnlyList<Sink> sinks)
    {
        if (_p.Body.Count == 0 || _p.Body[_p.Body.Count - 1] is not Loop loop || loop.Body.Count > 0 || _p.Value is null
            || sinks.Count != 1 || !sinks[0].Seed.IsConstant)
        {
            return null;
        }

        // The output is affine in the loop's sums (Σᵢ fᵢ, or (1/n)·Σᵢ fᵢ + g(x), …): its derivatives, which seed the
        // adjoints before the loop runs, must not read them.
        var exits = new HashSet<Expr>(loop.Carried.Select(c => c.Exit));
        var output = sinks[0].Value;
        var leaves = Activity.Leaves(output).Where(_activity.IsActiveLeaf).Distinct().OrderBy(l => l.Id).ToList();
        if (!leaves.Any(exits.Contains) || _d.Gradient(output, leaves).Any(d => Activity.Leaves(d).Any(exits.Contains)))
        {
            return null;
        }

        var entries = new HashSet<Expr>(loop.Carried.Select(c => c.Entry));
        foreach (var c in loop.Carried)
        {
            if (AccumulatedTerm(c) is not { } term || Activity.Leaves(term).Any(entries.Contains))
            {
                return null;
            }
        }

        return loop;
    }

    /// <summary>The sums of the fused loop that the value reads, with the term each iteration adds.</summary>
    private List<(string Name, Expr Term)> FusedSums(Loop fused)
    {
        var read = new HashSet<string>(Activity.Leaves(_p.Value!).Where(l => l.Op == Op.Var).Select(ForwardName));
        return fused.Carried.Where(c => read.Contains(ForwardName(c.Exit))).Select(c => (ForwardName(c.Entry), AccumulatedTerm(c)!)).ToList();
    }

    /// <summary>The term of an accumulation <c>s = s + term</c>, or null for any other update.</summary>
    private Expr? AccumulatedTerm(Carried c)
    {
        if (c.Update.Op != Op.Add || c.Update.Args.Count(a => a == c.Entry) != 1)
        {
            return null;
        }

        var rest = c.Update.Args.Where(a => a != c.Entry).ToArray();
        return rest.Length == 1 ? rest[0] : _b.Add(rest);
    }

    /// <summary>
    /// Names the adjoint of a variable declared in the current scope. Its declaration waits for its first write
    /// (<c>double sBar = …;</c>), or for the first loop that may touch it (<c>double sBar = 0.0;</c>).
    /// </summary>
    private void DeclareAdjoint(string variable)
    {
        if (_adjointOfVariable.ContainsKey(variable) || !_forwardNames.Any(f => f.Value == variable && _activity.IsActiveLeaf(f.Key)))
        {
            return;
        }

        var name = Fresh(variable + "Bar");
        _adjointOfVariable[variable] = name;
        _pending[_pending.Count - 1].Add(name);
    }

    private readonly List<SortedSet<string>> _pending = new();

    /// <summary>Declares, as zero, the adjoints of this scope that nothing has written yet.</summary>
    private void FlushPending(IndentedWriter w)
    {
        foreach (var name in _pending[_pending.Count - 1])
        {
            w.Line($"double {name} = 0.0;");
        }

        _pending[_pending.Count - 1].Clear();
    }

    /// <summary>Whether <paramref name="adjoint"/> still waits for its declaration (which this write then makes).</summary>
    private bool TakePending(string adjoint) => _pending[_pending.Count - 1].Remove(adjoint);

    private string? AdjointOf(Expr variable)
    {
        var name = _forwardNames.TryGetValue(variable, out var n) ? n : variable.Name!;
        return _adjointOfVariable.TryGetValue(name, out var adjoint) ? adjoint : null;
    }

    /// <summary>The <see cref="Expr.Index"/> of the variables that stand for adjoint locals in adjoint expressions.</summary>
    private const int SeedIndex = -2;

    private Expr SeedOf(Carried c) => _b.Var(AdjointOf(c.Entry)!, SeedIndex);

    private void ReverseBlock(IndentedWriter w, IReadOnlyList<Statement> block, List<Sink> sinks, Loop? loop)
    {
        int k = block.Count;
        bool tail = true;
        while (true)
        {
            _cancellation.ThrowIfCancellationRequested();
            int start = k;
            while (start > 0 && block[start - 1] is Store)
            {
                start--;
            }

            var zeroed = new List<Store>();
            for (int i = k - 1; i >= start; i--)
            {
                var s = (Store)block[i];
                if (_activity.IsActiveArray(s.Array) && _arrayAdjoints.TryGetValue(s.Array, out var adjoint))
                {
                    sinks.Add(new Sink(s.Value, _b.Load(adjoint, s.Index)));
                    if (!s.Accumulate)
                    {
                        zeroed.Add(s);
                    }
                }
            }

            Batch(w, sinks, zeroed, tail ? loop : null, loop);
            tail = false;
            sinks = new List<Sink>();
            if (start == 0)
            {
                return;
            }

            var inner = (Loop)block[start - 1];
            FlushPending(w);
            if (Selections(inner) is { } selections)
            {
                ReverseSelections(w, inner, selections);
            }
            else
            {
                ReverseLoop(w, inner);
            }

            foreach (var (c, name, declare) in _loopVariables[inner])
            {
                if (declare && _activity.IsActiveLeaf(c.Entry) && _activity.IsActive(c.Initial))
                {
                    sinks.Add(new Sink(c.Initial, SeedOf(c)));
                }
            }

            k = start - 1;
        }
    }

    /// <summary>
    /// One batch of straight-line adjoint code: the gradient of Σ seed·value with respect to every active leaf,
    /// accumulated into the leaves' adjoints. In the last batch of a loop body (<paramref name="entriesOf"/>),
    /// the adjoints of the carried variables are replaced by their contributions to the previous iteration.
    /// </summary>
    private void Batch(IndentedWriter w, List<Sink> sinks, List<Store> zeroed, Loop? entriesOf, Loop? scope)
    {
        sinks = sinks.Where(s => _activity.IsActive(s.Value) && !s.Seed.IsConst(0) && !IsIdentity(s.Value, s.Seed)).ToList();
        var entries = entriesOf?.Carried.Where(c => _activity.IsActiveLeaf(c.Entry)).ToList() ?? new List<Carried>();

        // In the fused loop, the sums the value reads are accumulated here too, in the same plan as their adjoints.
        var sums = entriesOf is not null && entriesOf == _fused ? FusedSums(entriesOf) : new List<(string Name, Expr Term)>();
        if (sinks.Count == 0 && entries.Count == 0 && sums.Count == 0)
        {
            WriteZeroing(w, zeroed);
            return;
        }

        var total = _b.Add(sinks.Select(s => _b.Mul(s.Seed, s.Value)).ToArray());
        var leaves = sinks.SelectMany(s => Activity.Leaves(s.Value)).Where(_activity.IsActiveLeaf).Distinct().OrderBy(l => l.Id).ToList();
        var gradient = leaves.Count == 0 ? Array.Empty<Expr>() : _d.Gradient(total, leaves);
        gradient = scope is not null && scope == _fused ? gradient : Save(Reuse(gradient, scope), scope);
        var contributions = leaves.Select((leaf, i) => (Leaf: leaf, Value: gradient[i])).Where(t => !t.Value.IsConst(0)).ToList();

        // The updates at the end of an iteration assign their variables: going back, each assigned variable's
        // adjoint becomes the contribution to the value it held before (or 0 if the update did not read it).
        var assigned = entries.Where(c => !IsIdentity(c.Update, c.Entry)).Select(c => ForwardName(c.Entry)).ToList();
        bool IsAssigned(Expr leaf) => leaf.Op == Op.Var && assigned.Contains(ForwardName(leaf));
        var entryUpdates = new List<(string Adjoint, Expr Value)>();
        foreach (var variable in assigned)
        {
            var adjoint = _adjointOfVariable[variable];
            var value = _b.Add(contributions.Where(t => t.Leaf.Op == Op.Var && ForwardName(t.Leaf) == variable).Select(t => t.Value).ToArray());
            if (!(value.Op == Op.Var && value.Name == adjoint))
            {
                entryUpdates.Add((adjoint, value));
            }
        }

        var outputs = contributions.Where(t => !IsAssigned(t.Leaf)).Select(t => t.Value).Concat(entryUpdates.Select(u => u.Value)).Concat(sums.Select(t => t.Term)).ToList();
        var plan = Plan(outputs, _reverseNames);
        WriteLocals(w, plan);
        foreach (var (name, term) in sums)
        {
            w.Line($"{name} += {plan.Printer.Print(term)};");
        }

        foreach (var (leaf, value) in contributions.Where(t => !IsAssigned(t.Leaf)))
        {
            var target = leaf.Op == Op.Load
                ? Element(_arrayAdjoints[leaf.Name!], leaf.Args[0])
                : AdjointOf(leaf) ?? throw new InvalidOperationException($"no adjoint for {leaf}");
            WriteAdd(w, plan, target, new[] { value }, declare: leaf.Op == Op.Var && TakePending(target));
        }

        if (entryUpdates.Count == 1 || entryUpdates.All(u => !entryUpdates.Any(o => o.Adjoint != u.Adjoint && Activity.Leaves(u.Value).Any(l => l.Name == o.Adjoint))))
        {
            foreach (var (adjoint, value) in entryUpdates)
            {
                w.Line($"{adjoint} = {plan.Printer.Print(value)};");
            }

        }
        else
        {
            var temporaries = entryUpdates.Select(u => (u.Adjoint, Temp: Fresh(u.Adjoint + "Previous"), u.Value)).ToList();
            foreach (var t in temporaries)
            {
                w.Line($"double {t.Temp} = {plan.Printer.Print(t.Value)};");
            }

            foreach (var t in temporaries)
            {
                w.Line($"{t.Adjoint} = {t.Temp};");
            }
        }

        WriteZeroing(w, zeroed);
    }

    /// <summary>Whether <paramref name="value"/> is the variable that <paramref name="target"/> (a variable or its adjoint seed) lives in.</summary>
    private bool IsIdentity(Expr value, Expr target)
    {
        if (value.Op != Op.Var || !_forwardNames.TryGetValue(value, out var name))
        {
            return false;
        }

        return target.Index == SeedIndex
            ? _adjointOfVariable.TryGetValue(name, out var adjoint) && adjoint == target.Name
            : _forwardNames.TryGetValue(target, out var other) && other == name;
    }

    private void WriteZeroing(IndentedWriter w, List<Store> zeroed)
    {
        foreach (var s in zeroed)
        {
            w.Line($"{Element(_arrayAdjoints[s.Array], s.Index)} = 0.0;");
        }
    }

    /// <summary>
    /// Inside a top-level loop, a value the loop stored at the counter's own element (<c>h[j] = tanh(a)</c>) is read
    /// back from the array instead of being recomputed (<c>1 − h[j]²</c>, not <c>1 − tanh²(a)</c>): the array is
    /// final, and the element was written by this iteration only.
    /// </summary>
    private Expr[] Reuse(Expr[] values, Loop? scope)
    {
        if (scope is null || _parents[scope] is not null)
        {
            return values;
        }

        var storesPerArray = _p.AllStatements().Select(s => s.Statement).OfType<Store>().GroupBy(s => s.Array).ToDictionary(g => g.Key, g => g.Count());
        var map = new Dictionary<Expr, Expr>();
        foreach (var s in scope.Body.OfType<Store>())
        {
            bool ownElement = s.Index == scope.Counter
                || (s.Index.Op == Op.Add && s.Index.Args.Count == 2 && s.Index.Args.Contains(scope.Counter) && s.Index.Args.Any(a => a.IsConstant));
            if (!s.Accumulate && ownElement && storesPerArray[s.Array] == 1 && s.Value.Args.Count > 0 && !map.ContainsKey(s.Value))
            {
                map[s.Value] = _b.Load(s.Array, s.Index);
            }
        }

        return map.Count == 0 ? values : values.Select(v => Substitute(v, map)).ToArray();
    }

    /// <summary>
    /// Inside a loop, an expensive value (a call such as exp or tanh, a division, a power) that the loop's forward
    /// sweep computes in the same iteration is read back from a tape the forward sweep writes, instead of being
    /// recomputed; cheap arithmetic (loads, sums, products) is still recomputed. Values that do not change from one
    /// iteration to the next are left alone.
    /// </summary>
    private Expr[] Save(Expr[] values, Loop? scope)
    {
        if (scope is null || !CanTape(Enclosing(scope)))
        {
            return values;
        }

        var computed = ForwardNodes(scope);
        var varying = new HashSet<Expr>(scope.Carried.Select(c => c.Entry)
            .Concat(scope.Body.OfType<Loop>().SelectMany(l => l.Carried).Select(c => c.Exit)))
        {
            scope.Counter,
        };

        // Outermost first: a saved value's operands need no tape of their own.
        var map = new Dictionary<Expr, Expr>();
        var seen = new HashSet<Expr>();
        var stack = new Stack<Expr>(Enumerable.Reverse(values));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node) || node.Op == Op.Load)
            {
                continue;
            }

            if (IsExpensive(node) && computed.Contains(node) && ExprSerializer.Reachable(new[] { node }).Any(varying.Contains))
            {
                map[node] = SavedValue(scope, node);
                continue;
            }

            foreach (var arg in node.Args.Reverse())
            {
                stack.Push(arg);
            }
        }

        return map.Count == 0 ? values : values.Select(v => Substitute(v, map)).ToArray();
    }

    /// <summary>A call of a function that costs more than a few arithmetic operations, a division or a general power.</summary>
    private static bool IsExpensive(Expr node) => node.Op switch
    {
        Op.Call => node.Fn is not (Fn.Abs or Fn.Sign or Fn.Floor or Fn.Ceiling or Fn.Round or Fn.Truncate or Fn.Max or Fn.Min
            or Fn.Clamp or Fn.FusedMultiplyAdd or Fn.Relu or Fn.LeakyRelu),
        Op.Pow => !(node.Args[1].IsConstant && node.Args[1].Value is 2 or 3),
        _ => false,
    };

    /// <summary>The nodes the forward sweep of one iteration of <paramref name="loop"/> computes (not those of the loops inside).</summary>
    private HashSet<Expr> ForwardNodes(Loop loop)
    {
        if (!_forwardNodes.TryGetValue(loop, out var nodes))
        {
            var outputs = loop.Body.OfType<Store>().Select(s => s.Value)
                .Concat(loop.Carried.Select(c => c.Update))
                .Concat(loop.Body.OfType<Loop>().SelectMany(l => l.Carried).Select(c => c.Initial));
            _forwardNodes[loop] = nodes = ExprSerializer.Reachable(outputs, enterIndices: false);
        }

        return nodes;
    }

    /// <summary>The variable that stands for <paramref name="node"/>, read back from its tape in the reverse sweep of <paramref name="loop"/>.</summary>
    private Expr SavedValue(Loop loop, Expr node)
    {
        if (!_savedValues.TryGetValue((loop, node), out var saved))
        {
            var preferred = _p.Names.TryGetValue(node, out var hint) ? hint
                : CodePlan.DerivedName(node, new Dictionary<Expr, string>(), _p.Names)
                ?? (node.Op == Op.Call ? FnInfo.Of(node.Fn).Name.ToLowerInvariant() : node.Args[1].IsConst(-1) ? "reciprocal" : "power");
            saved = _b.Var(Fresh(preferred), SavedIndex);
            _savedValues[(loop, node)] = saved;
        }

        return saved;
    }

    /// <summary>The <see cref="Expr.Index"/> of the variables that stand for saved values in adjoint expressions.</summary>
    private const int SavedIndex = -3;

    private Expr Substitute(Expr e, Dictionary<Expr, Expr> map)
    {
        var memo = new Dictionary<Expr, Expr>(map);
        Expr Go(Expr x)
        {
            if (memo.TryGetValue(x, out var r))
            {
                return r;
            }

            if (x.Args.Count == 0 || x.Op == Op.Load)
            {
                return memo[x] = x;
            }

            var args = x.Args.Select(Go).ToArray();
            return memo[x] = args.SequenceEqual(x.Args) ? x : _b.Make(x.Op, x.Fn, x.Value, x.Name, x.Index, args);
        }

        foreach (var node in ExprSerializer.Reachable(new[] { e }).OrderBy(n => n.Id))
        {
            Go(node); // bottom-up, so the recursion stays shallow
        }

        return Go(e);
    }

    /// <summary>Opens <c>for (int i = from; i &lt; to; i++)</c>: a loop running in its own order.</summary>
    private void OpenForwards(IndentedWriter w, Loop loop, string counter)
        => w.Line($"for (int {counter} = {Integer(loop.From)}; {counter} < {Integer(loop.To)}; {counter}++)").Open();

    private void ReverseLoop(IndentedWriter w, Loop loop)
    {
        var counter = Counter(loop);
        var body = IndentedWriter.At(w.Depth + 1);

        // Values of this iteration the adjoint code may read: the carried variables' start values and the results
        // of the loops directly inside. They get names now; the ones actually read are restored from a tape.
        var restorable = loop.Carried.Select(c => (Symbol: c.Entry, Name: _forwardNames[c.Entry], IsEntry: true))
            .Concat(loop.Body.OfType<Loop>().SelectMany(l => l.Carried).Select(c => (Symbol: c.Exit, Name: _forwardNames[c.Exit], IsEntry: false)))
            .ToList();
        var restoreNames = new Dictionary<Expr, string>();
        foreach (var (symbol, name, isEntry) in restorable)
        {
            if (!restoreNames.ContainsKey(symbol))
            {
                restoreNames[symbol] = Fresh(name + (isEntry ? "Before" : "After"));
                _reverseNames[symbol] = restoreNames[symbol];
            }
        }

        _pending.Add(new SortedSet<string>(StringComparer.Ordinal));
        foreach (var name in _declaredIn.Where(d => d.Value == loop).Select(d => d.Key).OrderBy(n => n, StringComparer.Ordinal))
        {
            DeclareAdjoint(name);
        }

        var sinks = loop.Carried.Where(c => _activity.IsActiveLeaf(c.Entry) && !IsIdentity(c.Update, c.Entry)).Select(c => new Sink(c.Update, SeedOf(c))).ToList();
        BeginViews(loop);
        ReverseBlock(body, loop.Body, sinks, loop);
        _pending.RemoveAt(_pending.Count - 1);
        EndViews(w, loop);

        if (loop == _fused)
        {
            OpenForwards(w, loop, counter);
        }
        else
        {
            w.Line($"for (int {counter} = {Integer(_b.Sub(loop.To, _b.One))}; {counter} >= {Integer(loop.From)}; {counter}--)").Open();
        }

        var loops = Enclosing(loop);
        foreach (var (symbol, _, _) in restorable.Where(r => _referenced.Contains(r.Symbol)))
        {
            if (!_tapes.TryGetValue(symbol, out var tape))
            {
                var tapeName = Fresh(_forwardNames[symbol] + "Tape");
                _tapes[symbol] = tape = (tapeName, loops);
                _tapeBuffers.Add((tapeName, TapeLength(loops)));
            }

            w.Line($"double {restoreNames[symbol]} = {tape.Tape}[{TapeIndex(tape.Loops)}];");
        }

        foreach (var (node, saved) in _savedValues.Where(s => s.Key.Loop == loop && _referenced.Contains(s.Value)).Select(s => (s.Key.Node, s.Value)))
        {
            var tapeName = Fresh(saved.Name + "Tape");
            _tapes[saved] = (tapeName, loops);
            _tapeBuffers.Add((tapeName, TapeLength(loops)));
            if (!_saves.TryGetValue(loop, out var list))
            {
                _saves[loop] = list = new List<(Expr Node, Expr Saved)>();
            }

            list.Add((node, saved));
            w.Line($"double {saved.Name} = {tapeName}[{TapeIndex(loops)}];");
        }

        w.Append(body);
        w.Close();
    }

    /// <summary>
    /// Carried variables of one loop that only ever keep their value or take a new one (<c>m = Math.Max(m, e)</c>,
    /// <c>s = c ? s : e</c>) under the same condition <see cref="Keep"/>: the forward sweep records in <see cref="At"/>
    /// the last iteration that took a new value (on <see cref="Tape"/> when the loop is inside another one).
    /// </summary>
    private sealed record Selection(Expr Keep, string At, string? Tape, IReadOnlyList<(Carried Carried, Expr Taken)> Variables);

    /// <summary>
    /// The selections of a loop whose body is empty and whose active carried variables all select, taking values
    /// that do not read the loop's carried variables; null for any other loop. Their adjoints go only to the value
    /// taken last (the argmax of a running maximum), so the reverse sweep needs no loop.
    /// </summary>
    private List<Selection>? Selections(Loop loop)
    {
        if (_selections.TryGetValue(loop, out var known))
        {
            return known;
        }

        var enclosing = _parents[loop] is { } parent ? Enclosing(parent) : new List<Loop>();
        if (loop.Body.Count > 0 || !CanTape(enclosing))
        {
            return null;
        }

        var entries = new HashSet<Expr>(loop.Carried.Select(c => c.Entry));
        var groups = new List<(Expr Keep, List<(Carried, Expr)> Variables)>();
        foreach (var c in loop.Carried.Where(c => _activity.IsActiveLeaf(c.Entry)))
        {
            if (Selected(c) is not { } selected || ExprSerializer.Reachable(new[] { selected.Taken }).Any(entries.Contains))
            {
                return null;
            }

            var group = groups.FirstOrDefault(g => g.Keep == selected.Keep);
            if (group.Keep is null)
            {
                groups.Add(group = (selected.Keep, new List<(Carried, Expr)>()));
            }

            group.Variables.Add((c, selected.Taken));
        }

        if (groups.Count == 0)
        {
            return null;
        }

        var selections = groups.Select(g =>
        {
            var at = Fresh(_loopVariables[loop].First(v => v.Carried == g.Variables[0].Item1).Name + "At");
            var tape = enclosing.Count > 0 ? Fresh(at + "Tape") : null;
            if (tape is not null)
            {
                _tapeBuffers.Add((tape, TapeLength(enclosing)));
            }

            return new Selection(g.Keep, at, tape, g.Variables);
        }).ToList();
        _selections[loop] = selections;
        return selections;
    }

    /// <summary>
    /// The condition under which <paramref name="c"/>'s update keeps the old value, and the value it takes otherwise,
    /// with the tie rule of the derivative (<c>Math.Max(m, e)</c> keeps m when m ≥ e); null if it does not select.
    /// </summary>
    private (Expr Keep, Expr Taken)? Selected(Carried c)
    {
        var u = c.Update;
        if (u.Op == Op.Call && u.Fn is Fn.Max or Fn.Min && u.Args.Count == 2 && u.Args.Count(a => a == c.Entry) == 1)
        {
            var compare = u.Fn == Fn.Max ? Op.GreaterEqual : Op.LessEqual;
            var first = _b.Compare(compare, u.Args[0], u.Args[1]); // the derivative's "the first argument wins"
            return u.Args[0] == c.Entry ? (first, u.Args[1]) : (_b.Not(first), u.Args[0]);
        }

        if (u.Op == Op.Select && u.Args[1] != u.Args[2] && (u.Args[1] == c.Entry || u.Args[2] == c.Entry))
        {
            return u.Args[1] == c.Entry ? (u.Args[0], u.Args[2]) : (_b.Not(u.Args[0]), u.Args[1]);
        }

        return null;
    }

    /// <summary>
    /// The reverse sweep of a loop that only selects: each selection's adjoints go to the value taken at the last
    /// iteration that took one, and to the start values if none did.
    /// </summary>
    private void ReverseSelections(IndentedWriter w, Loop loop, List<Selection> selections)
    {
        var counter = Counter(loop);
        foreach (var selection in selections)
        {
            var at = selection.At;
            if (selection.Tape is not null)
            {
                var enclosing = Enclosing(_parents[loop]!);
                at = Fresh(selection.At);
                w.Line($"int {at} = (int){selection.Tape}[{TapeIndex(enclosing)}];");
            }

            w.Line($"if ({at} >= {Integer(loop.From)})").Open();
            w.Line($"// The loop kept the value it took last, at iteration {at}: only that value gets the adjoint.");
            w.Line($"int {counter} = {at};");
            var sinks = selection.Variables.Select(v => new Sink(v.Taken, SeedOf(v.Carried))).ToList();
            Batch(w, sinks, new List<Store>(), null, null);
            foreach (var (c, _) in selection.Variables)
            {
                w.Line($"{AdjointOf(c.Entry)} = 0.0;");
            }

            w.Close();
        }
    }

    /// <summary>The loops enclosing <paramref name="loop"/>, outermost first, and the loop itself.</summary>
    private List<Loop> Enclosing(Loop loop)
    {
        var loops = new List<Loop>();
        for (Loop? l = loop; l is not null; l = _parents[l])
        {
            loops.Insert(0, l);
        }

        return loops;
    }

    private Expr TripCount(Loop loop) => _b.Sub(loop.To, loop.From);

    /// <summary>Whether a tape can be indexed by the iterations of <paramref name="loops"/> (their bounds do not depend on each other's counters).</summary>
    private static bool CanTape(IReadOnlyList<Loop> loops)
    {
        var counters = new HashSet<Expr>(loops.Select(l => l.Counter));
        return !loops.Any(loop => ExprSerializer.Reachable(new[] { loop.From, loop.To }).Any(counters.Contains));
    }

    private string TapeLength(IReadOnlyList<Loop> loops)
    {
        var counters = new HashSet<Expr>(loops.Select(l => l.Counter));
        foreach (var loop in loops)
        {
            if (ExprSerializer.Reachable(new[] { loop.From, loop.To }).Any(counters.Contains))
            {
                throw new UnsupportedProcedureException(loop,
                    "a loop whose bounds depend on an enclosing loop's counter changes a value its derivative needs; give it bounds that do not depend on the enclosing counters");
            }
        }

        return string.Join(" * ", loops.Select(l => $"global::System.Math.Max(0, {Integer(TripCount(l))})"));
    }

    private string TapeIndex(IReadOnlyList<Loop> loops)
    {
        Expr index = _b.Zero;
        foreach (var loop in loops)
        {
            index = _b.Add(_b.Mul(index, TripCount(loop)), _b.Sub(loop.Counter, loop.From));
        }

        return Integer(index);
    }

    // ----- helpers -----

    private string Counter(Loop loop) => loop.Counter.Name!;

    public string Integer(Expr e) => new ExprPrinter(Notation.CSharp, null).PrintInteger(e);

    /// <summary>A CSE plan whose locals get fresh names (the method's names are one scope for C#'s purposes).</summary>
    private CodePlan Plan(IReadOnlyList<Expr> outputs, IReadOnlyDictionary<Expr, string> leafNames)
    {
        var merged = leafNames == _reverseNames
            ? _forwardNames.Concat(_reverseNames).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
            : leafNames;
        if (_viewLoop is not null)
        {
            var viewed = merged.ToDictionary(p => p.Key, p => p.Value);
            foreach (var load in ExprSerializer.Reachable(outputs, enterIndices: false).Where(n => n.Op == Op.Load && !viewed.ContainsKey(n)))
            {
                if (ViewElement(load.Name!, load.Args[0]) is { } element)
                {
                    viewed[load] = element;
                }
            }

            merged = viewed;
        }

        var plan = CodePlan.Create(outputs, _p.Names, _taken, merged);
        foreach (var (_, name) in plan.Locals)
        {
            _taken.Add(name);
        }

        foreach (var leaf in ExprSerializer.Reachable(outputs, enterIndices: false).Where(n => n.IsLeaf))
        {
            _referenced.Add(leaf);
        }

        return plan;
    }

    private static void WriteLocals(IndentedWriter w, CodePlan plan)
    {
        foreach (var (node, name) in plan.Locals)
        {
            w.Line($"{(node.IsBoolean ? "bool" : "double")} {name} = {plan.Printer.PrintDefinition(node)};");
        }
    }

    /// <summary>Writes <c>name = e;</c> for an expression of the forward sweep (the value).</summary>
    public string WriteValue(IndentedWriter w, Expr value, string preferred)
    {
        var plan = Plan(new[] { value }, _forwardNames);
        WriteLocals(w, plan);
        var name = Fresh(preferred);
        w.Line($"double {name} = {plan.Printer.Print(value)};");
        return name;
    }
}
