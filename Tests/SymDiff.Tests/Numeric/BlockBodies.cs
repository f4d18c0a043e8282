using System;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// Block-bodied [Differentiable] methods: locals, reassignment, compound assignment, if/else with early returns,
/// nested ifs, ?:, &amp;&amp; || !, const locals and fields, chains of calls, and guards against NaN from branches not taken.
/// Checked by <see cref="BlockBodyTests"/>.
/// </summary>
public static partial class BlockBodies
{
    /// <summary>A local declared without a value and assigned in both branches of an if.</summary>
    [Differentiable]
    public static double AssignedInBothBranches(double x, double y)
    {
        double scale;
        if (x > 0)
        {
            scale = y * y;
        }
        else
        {
            scale = 3;
        }

        return scale * x;
    }

    private const double Scale = 2.5;
    private const int Count = 4;

    [Differentiable]
    public static double Locals(double x, double y)
    {
        double a = x * y;
        double b = a + Math.Sin(x);
        a = b * b;
        a += y;
        a -= 0.5 * x;
        a *= 1.5;
        a /= 2 + (y * y);
        return a;
    }

    [Differentiable]
    public static double EarlyReturn(double x, double y)
    {
        if (x < 0)
        {
            return x * x * y;
        }

        double t = Math.Exp(-x) * y;
        if (y > 1)
        {
            return t + x;
        }
        else
        {
            t *= 2;
        }

        return t * y;
    }

    [Differentiable]
    public static double NestedIfs(double x, double y)
    {
        double r = 0;
        if (x > 0)
        {
            if (y > 0)
            {
                r = x * y;
            }
            else
            {
                r = x - (y * y);
            }
        }
        else
        {
            if (y > x)
            {
                r = Math.Cos(x) + y;
            }
            else
            {
                r = x * x * x;
            }
        }

        return r * r;
    }

    [Differentiable]
    public static double Conditional(double x, double y) => x > y ? (x * x) - y : (y >= 1 ? Math.Log(y) * x : y * y * x);

    [Differentiable]
    public static double Logic(double x, double y)
    {
        bool inside = (x * x) + (y * y) < 1;
        bool right = x > 0;
        if (inside && !right)
        {
            return x * y;
        }

        if (inside || y > 2)
        {
            return x + (y * y);
        }

        return !(x > 1) ? Math.Exp(x) : y / x;
    }

    [Differentiable]
    public static double Constants(double x, double y)
    {
        const double k = 3.0;
        const int n = 4;
        double z = (k * x) + (n * y) + (Scale * (Count / 3)); // Count / 3 is integer division: 1
        return (z * z / n) + (Math.PI * y);
    }

    [Differentiable]
    public static double ParameterReassigned(double x, double y)
    {
        x = x * x;
        y += x;
        x *= y;
        return x - y;
    }

    [Differentiable]
    public static double IncrementDecrement(double x, double y)
    {
        double t = x * y;
        t++;
        x--;
        return t * x;
    }

    [Differentiable]
    public static double BoolOperators(double x, double y)
    {
        bool a = x > 0;
        bool b = y > 0;
        if (a == b)
        {
            return x * y;
        }

        if (a ^ (y > 1))
        {
            return x - y;
        }

        return x + (y * y);
    }

    [Differentiable]
    public static double BoolConditional(double x, double y) => (x > 0 ? y > 0 : y < -1) ? x * y : x + y;

    [Differentiable]
    public static double Inner(double u) => u * Math.Exp(u);

    [Differentiable]
    public static double Middle(double x, double y) => Inner(x * y) + Inner(y);

    [Differentiable]
    public static double Outer(double x, double y)
    {
        double s = Math.Sin(x);
        return Middle(s, y) * Inner(y - x);
    }

    // ----- no NaN from the branch not taken -----

    [Differentiable]
    public static double GuardedSqrt(double x) => x > 0 ? Math.Sqrt(x) : 0;

    [Differentiable]
    public static double GuardedLog(double x, double y)
    {
        if (x <= 0)
        {
            return y;
        }

        return Math.Log(x) * y;
    }

    [Differentiable]
    public static double GuardedLocal(double x, double y)
    {
        double r = 1;
        if (x > 0)
        {
            r = Math.Log(x);
        }

        return r * y;
    }

    [Differentiable]
    public static double GuardInsideExpression(double x, double y) => (y * (x > 0 ? Math.Log(x) : 0)) + y;

    [Differentiable]
    public static double SqrtOfSelect(double x) => Math.Sqrt(x > 0 ? x : 0);

    [Differentiable]
    public static double SqrtOfMax(double x) => Math.Sqrt(Math.Max(x, 0));

    [Differentiable]
    public static double MaxTimesSqrtOfMax(double x, double y) => Math.Max(x, 0) * Math.Sqrt(Math.Max(x, 0)) * y;

    [Differentiable]
    public static double PowOfMax(double x) => Math.Pow(Math.Max(x, 0), 2.5);

    [Differentiable]
    public static double SqrtTimesLogGuarded(double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        return Math.Sqrt(x) * Math.Log(x);
    }

    [Differentiable]
    public static double AcoshOutside(double x) => x > 1 ? Math.Acosh(x) : x < -1 ? -Math.Acosh(-x) : 0;
}
