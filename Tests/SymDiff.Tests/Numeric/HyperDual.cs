using System;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// A hyper-dual number v + a·ε₁ + b·ε₂ + ab·ε₁ε₂ with ε₁² = ε₂² = 0 (Fike and Alonso): evaluating f on
/// <c>x + ε₁·e_i + ε₂·e_j</c> gives f, ∂f/∂x_i, ∂f/∂x_j and the exact ∂²f/∂x_i∂x_j in the four parts, free of
/// truncation and cancellation error. This is the randomized tests' reference, written from the functions' known
/// derivatives and independent of the generator's symbolic engine. Non-smooth functions follow SymDiff's
/// documented conventions (the derivative of the branch taken; Abs'(0) = 0; ties of Max/Min go to the first argument;
/// at a bound, Clamp's derivative goes to the value; Relu'(0) = 0; LeakyRelu'(0) = slope).
/// </summary>
internal readonly struct HyperDual
{
    public HyperDual(double v, double a = 0, double b = 0, double ab = 0)
    {
        V = v;
        A = a;
        B = b;
        AB = ab;
    }

    /// <summary>The value.</summary>
    public double V { get; }

    /// <summary>The ε₁ part: the first derivative along the first seed direction.</summary>
    public double A { get; }

    /// <summary>The ε₂ part: the first derivative along the second seed direction.</summary>
    public double B { get; }

    /// <summary>The ε₁ε₂ part: the second derivative along both seed directions.</summary>
    public double AB { get; }

    public bool IsConstant => A == 0 && B == 0 && AB == 0;

    public static HyperDual Constant(double v) => new(v);

    public static implicit operator HyperDual(double v) => new(v);

    public static HyperDual operator +(HyperDual u, HyperDual w) => new(u.V + w.V, u.A + w.A, u.B + w.B, u.AB + w.AB);

    public static HyperDual operator -(HyperDual u, HyperDual w) => new(u.V - w.V, u.A - w.A, u.B - w.B, u.AB - w.AB);

    public static HyperDual operator -(HyperDual u) => new(-u.V, -u.A, -u.B, -u.AB);

    public static HyperDual operator *(HyperDual u, HyperDual w) =>
        new(u.V * w.V, (u.A * w.V) + (u.V * w.A), (u.B * w.V) + (u.V * w.B),
            (u.AB * w.V) + (u.A * w.B) + (u.B * w.A) + (u.V * w.AB));

    /// <summary>u / w, with the value rounded like C#'s division (from u = q·w differentiated).</summary>
    public static HyperDual operator /(HyperDual u, HyperDual w)
    {
        double q = u.V / w.V;
        double qa = (u.A - (q * w.A)) / w.V;
        double qb = (u.B - (q * w.B)) / w.V;
        return new HyperDual(q, qa, qb, (u.AB - (qa * w.B) - (qb * w.A) - (q * w.AB)) / w.V);
    }

    /// <summary>f(u) from f(u.V), f′(u.V) and f″(u.V): the chain rule on hyper-duals.</summary>
    public static HyperDual Chain(HyperDual u, double f, double d1, double d2) =>
        new(f, d1 * u.A, d1 * u.B, (d1 * u.AB) + (d2 * u.A * u.B));

    /// <summary>g(u, w) from g's value, its two partials and its three second partials at (u.V, w.V).</summary>
    public static HyperDual Chain(HyperDual u, HyperDual w, double g, double gu, double gw, double guu, double guw, double gww) =>
        new(g,
            (gu * u.A) + (gw * w.A),
            (gu * u.B) + (gw * w.B),
            (gu * u.AB) + (gw * w.AB) + (guu * u.A * u.B) + (guw * ((u.A * w.B) + (u.B * w.A))) + (gww * w.A * w.B));

    // ----- System.Math -----

    public static HyperDual Sin(HyperDual u) => Chain(u, Math.Sin(u.V), Math.Cos(u.V), -Math.Sin(u.V));

    public static HyperDual Cos(HyperDual u) => Chain(u, Math.Cos(u.V), -Math.Sin(u.V), -Math.Cos(u.V));

    public static HyperDual Tan(HyperDual u)
    {
        double t = Math.Tan(u.V), sec2 = 1 + (t * t);
        return Chain(u, t, sec2, 2 * t * sec2);
    }

    public static HyperDual Asin(HyperDual u)
    {
        double q = 1 - (u.V * u.V);
        return Chain(u, Math.Asin(u.V), 1 / Math.Sqrt(q), u.V / (q * Math.Sqrt(q)));
    }

    public static HyperDual Acos(HyperDual u)
    {
        double q = 1 - (u.V * u.V);
        return Chain(u, Math.Acos(u.V), -1 / Math.Sqrt(q), -u.V / (q * Math.Sqrt(q)));
    }

    public static HyperDual Atan(HyperDual u)
    {
        double q = 1 + (u.V * u.V);
        return Chain(u, Math.Atan(u.V), 1 / q, -2 * u.V / (q * q));
    }

    /// <summary>atan2(y, x).</summary>
    public static HyperDual Atan2(HyperDual y, HyperDual x)
    {
        double r2 = (x.V * x.V) + (y.V * y.V), r4 = r2 * r2;
        return Chain(y, x, Math.Atan2(y.V, x.V),
            x.V / r2, -y.V / r2,
            -2 * x.V * y.V / r4, ((y.V * y.V) - (x.V * x.V)) / r4, 2 * x.V * y.V / r4);
    }

    public static HyperDual Sinh(HyperDual u) => Chain(u, Math.Sinh(u.V), Math.Cosh(u.V), Math.Sinh(u.V));

    public static HyperDual Cosh(HyperDual u) => Chain(u, Math.Cosh(u.V), Math.Sinh(u.V), Math.Cosh(u.V));

    public static HyperDual Tanh(HyperDual u)
    {
        double t = Math.Tanh(u.V), c = Math.Cosh(u.V), sech2 = 1 / (c * c);
        return Chain(u, t, sech2, -2 * t * sech2);
    }

    public static HyperDual Asinh(HyperDual u)
    {
        double q = (u.V * u.V) + 1;
        return Chain(u, Math.Asinh(u.V), 1 / Math.Sqrt(q), -u.V / (q * Math.Sqrt(q)));
    }

    public static HyperDual Acosh(HyperDual u)
    {
        double q = (u.V * u.V) - 1;
        return Chain(u, Math.Acosh(u.V), 1 / Math.Sqrt(q), -u.V / (q * Math.Sqrt(q)));
    }

    public static HyperDual Atanh(HyperDual u)
    {
        double q = 1 - (u.V * u.V);
        return Chain(u, Math.Atanh(u.V), 1 / q, 2 * u.V / (q * q));
    }

    public static HyperDual Exp(HyperDual u)
    {
        double e = Math.Exp(u.V);
        return Chain(u, e, e, e);
    }

    public static HyperDual Log(HyperDual u) => Chain(u, Math.Log(u.V), 1 / u.V, -1 / (u.V * u.V));

    /// <summary>log_b(u) = ln u / ln b, as <c>Math.Log(u, b)</c> (whose value it takes).</summary>
    public static HyperDual Log(HyperDual u, HyperDual b)
    {
        var q = Log(u) / Log(b);
        return new HyperDual(Math.Log(u.V, b.V), q.A, q.B, q.AB);
    }

    public static HyperDual Log10(HyperDual u) => Chain(u, Math.Log10(u.V), 1 / (u.V * Math.Log(10)), -1 / (u.V * u.V * Math.Log(10)));

    public static HyperDual Log2(HyperDual u) => Chain(u, Math.Log2(u.V), 1 / (u.V * Math.Log(2)), -1 / (u.V * u.V * Math.Log(2)));

    public static HyperDual Sqrt(HyperDual u)
    {
        double s = Math.Sqrt(u.V);
        return Chain(u, s, 0.5 / s, -0.25 / (u.V * s));
    }

    public static HyperDual Cbrt(HyperDual u)
    {
        double c = Math.Cbrt(u.V);
        return Chain(u, c, 1 / (3 * c * c), -2 / (9 * c * c * c * c * c));
    }

    /// <summary>
    /// u^w. With a constant exponent the power rule (valid for negative bases and integer exponents); otherwise
    /// the full two-argument rule with ∂/∂w = u^w·ln u (positive bases).
    /// </summary>
    public static HyperDual Pow(HyperDual u, HyperDual w)
    {
        double p = Math.Pow(u.V, w.V);
        if (w.IsConstant)
        {
            double n = w.V;
            return Chain(u, p, n * Math.Pow(u.V, n - 1), n * (n - 1) * Math.Pow(u.V, n - 2));
        }

        double ln = Math.Log(u.V);
        double pu = w.V * Math.Pow(u.V, w.V - 1);
        return Chain(u, w, p,
            pu, p * ln,
            w.V * (w.V - 1) * Math.Pow(u.V, w.V - 2), Math.Pow(u.V, w.V - 1) * (1 + (w.V * ln)), p * ln * ln);
    }

    public static HyperDual Abs(HyperDual u)
    {
        double s = u.V > 0 ? 1 : u.V < 0 ? -1 : 0;
        return new HyperDual(Math.Abs(u.V), s * u.A, s * u.B, s * u.AB);
    }

    public static HyperDual Sign(HyperDual u) => Math.Sign(u.V);

    public static HyperDual Floor(HyperDual u) => Math.Floor(u.V);

    public static HyperDual Ceiling(HyperDual u) => Math.Ceiling(u.V);

    public static HyperDual Round(HyperDual u) => Math.Round(u.V);

    public static HyperDual Truncate(HyperDual u) => Math.Truncate(u.V);

    public static HyperDual Max(HyperDual u, HyperDual w) => u.V >= w.V ? u : w;

    public static HyperDual Min(HyperDual u, HyperDual w) => u.V <= w.V ? u : w;

    public static HyperDual Clamp(HyperDual u, HyperDual lo, HyperDual hi)
    {
        var r = u.V < lo.V ? lo : u.V > hi.V ? hi : u;
        return new HyperDual(Math.Clamp(u.V, lo.V, hi.V), r.A, r.B, r.AB);
    }

    /// <summary>Math.FusedMultiplyAdd(u, w, z): u·w + z with one rounding.</summary>
    public static HyperDual FusedMultiplyAdd(HyperDual u, HyperDual w, HyperDual z)
    {
        var r = (u * w) + z;
        return new HyperDual(Math.FusedMultiplyAdd(u.V, w.V, z.V), r.A, r.B, r.AB);
    }

    // ----- SymDiff.SymMath -----

    public static HyperDual Sigmoid(HyperDual u)
    {
        double s = SymMath.Sigmoid(u.V), d = s * SymMath.Sigmoid(-u.V);
        return Chain(u, s, d, d * (1 - (2 * s)));
    }

    public static HyperDual Softplus(HyperDual u)
    {
        double s = SymMath.Sigmoid(u.V);
        return Chain(u, SymMath.Softplus(u.V), s, s * SymMath.Sigmoid(-u.V));
    }

    public static HyperDual Relu(HyperDual u) => u.V > 0 ? u : 0.0;

    public static HyperDual LeakyRelu(HyperDual u, HyperDual slope) => u.V > 0 ? u : slope * u;

    public static HyperDual Square(HyperDual u) => u * u;
}
