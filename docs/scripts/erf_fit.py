# The Chebyshev fits of runtime/CompilerServices/Special.cs (erf and erfc), made with mpmath at 60 digits.
# Run: python3 docs/scripts/erf_fit.py — prints each fit's largest relative error and its coefficients (highest power first).
from mpmath import mp, mpf, erf, erfc, exp, sqrt, chebyfit
mp.dps = 60
def g(v):
    x = 1/v
    return erfc(x)*exp(x*x)*x
def f1(t):
    if t == 0: return 2/sqrt(mp.pi)
    x = sqrt(t); return erf(x)/x
def fmt(c):
    s = repr(float(c))
    return s.replace('e','E')
out=[]
c,e = chebyfit(f1,[0,1],13,error=True)
out.append(("ErfSmall", None, None, c, e/(2/sqrt(mp.pi))))
for (name,a,b,N) in [("ErfcFar",mpf(1)/28,mpf(1)/8,12),("ErfcOut",mpf(1)/8,mpf(1)/4,12),("ErfcMid",mpf(1)/4,mpf(1)/2,16),("ErfcNear",mpf(1)/2,mpf(1),18)]:
    mid=(a+b)/2; half=(b-a)/2
    c,e = chebyfit(lambda s: g(mid+half*s), [-1,1], N, error=True)
    out.append((name, mid, half, c, e/g(b)))
for name, mid, half, c, e in out:
    print("//", name, "max relative error of the fit", mp.nstr(e,3), "" if mid is None else ("mid %s half %s" % (repr(float(mid)), repr(float(half)))))
    print("private static ReadOnlySpan<double> %s => new double[] { %s };" % (name, ", ".join(repr(float(x)) for x in c)))
