using System;

namespace SymDiff.Tests.Infrastructure;

// Delegate shapes of the generated {Name}Gradient / {Name}Hessian methods, for GeneratorHarness.GetStaticDelegate:
// their Span<double> parameters cannot go through MethodInfo.Invoke. Plain value methods bind to Func<double, ...>.

/// <summary>A generated gradient of a function of one variable: returns f(x) and writes df/dx to <paramref name="gradient"/>.</summary>
public delegate double Gradient1(double x, Span<double> gradient);

/// <summary>A generated Hessian of a function of one variable: returns f(x), writes the gradient and the 1×1 Hessian.</summary>
public delegate double Hessian1(double x, Span<double> gradient, Span<double> hessian);

/// <summary>A generated gradient of a function of two variables: returns f(x, y) and writes the 2 partial derivatives.</summary>
public delegate double Gradient2(double x, double y, Span<double> gradient);

/// <summary>A generated Hessian of a function of two variables: returns f(x, y), writes the gradient and the 2×2 Hessian.</summary>
public delegate double Hessian2(double x, double y, Span<double> gradient, Span<double> hessian);

/// <summary>A generated gradient of a function of three variables: returns f(x, y, z) and writes the 3 partial derivatives.</summary>
public delegate double Gradient3(double x, double y, double z, Span<double> gradient);

/// <summary>A generated Hessian of a function of three variables: returns f(x, y, z), writes the gradient and the 3×3 Hessian.</summary>
public delegate double Hessian3(double x, double y, double z, Span<double> gradient, Span<double> hessian);
