/**
 * Distribution functions for the registry statistics: the standard normal CDF (W. J. Cody's
 * rational Chebyshev approximation, as in R's `pnorm`, accurate to double precision in both
 * tails) and the chi-square CDF through the regularized incomplete gamma function.
 *
 * References: W. J. Cody (1969, 1993), "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23, and ACM TOMS 715; Press et al., Numerical Recipes, 3rd ed., 6.2.
 */

/** qnorm(0.975) as R prints it with 16 digits: the z of a two-sided 95% interval. */
export const Z_975 = 1.959963984540054;

// Coefficients of R's pnorm.c (Cody), written as the shortest decimals of the same doubles.
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];
const M_1_SQRT_2PI = 0.3989422804014327;
const M_SQRT_32 = 5.656854249492381;

/** exp(-x^2/2) * factor, with x^2 split so that no precision is lost for large |x|. */
function gaussTail(x: number, factor: number): number {
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * factor;
}

/**
 * Standard normal probabilities [P(Z <= x), P(Z > x)], each to full relative precision
 * (a port of R's `pnorm_both`).
 */
export function normalCdfBoth(x: number): [lower: number, upper: number] {
  if (Number.isNaN(x)) return [NaN, NaN];
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > Number.EPSILON * 0.5) {
      const xsq = x * x;
      xnum = A[4] * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]) * xsq;
        xden = (xden + B[i]) * xsq;
      }
    }
    const temp = (x * (xnum + A[3])) / (xden + B[3]);
    return [0.5 + temp, 0.5 - temp];
  }
  let small: number;
  if (y <= M_SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    small = gaussTail(y, (xnum + C[7]) / (xden + D[7]));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * xsq;
      xden = (xden + Q[i]) * xsq;
    }
    const temp = (xsq * (xnum + P[4])) / (xden + Q[4]);
    small = gaussTail(y, (M_1_SQRT_2PI - temp) / y);
  } else {
    small = 0;
  }
  return x > 0 ? [1 - small, small] : [small, 1 - small];
}

/** P(Z <= x) for a standard normal Z. */
export function normalCdf(x: number): number {
  return normalCdfBoth(x)[0];
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0 (Lanczos approximation, g = 7, about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

const GAMMA_EPS = 1e-16;
const GAMMA_MAX_ITER = 100_000;

/** Series for P(a, x), used when x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let i = 0; i < GAMMA_MAX_ITER; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * GAMMA_EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction (modified Lentz) for Q(a, x), used when x >= a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < GAMMA_EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * Regularized incomplete gamma functions [P(a, x), Q(a, x)] = [gamma(a, x) / Gamma(a),
 * Gamma(a, x) / Gamma(a)] for a > 0, x >= 0; the smaller one is computed directly so that
 * tails keep their relative precision.
 */
export function regularizedGamma(a: number, x: number): [lower: number, upper: number] {
  if (!(a > 0) || !(x >= 0)) return [NaN, NaN];
  if (x === 0) return [0, 1];
  if (x === Infinity) return [1, 0];
  if (x < a + 1) {
    const p = gammaSeries(a, x);
    return [p, 1 - p];
  }
  const q = gammaContinuedFraction(a, x);
  return [1 - q, q];
}

/** P(X <= x) for X chi-square with `df` degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
  return x <= 0 ? 0 : regularizedGamma(df / 2, x / 2)[0];
}

/** P(X > x) for X chi-square with `df` degrees of freedom (R: pchisq(x, df, lower.tail = FALSE)). */
export function chiSquareSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGamma(df / 2, x / 2)[1];
}
